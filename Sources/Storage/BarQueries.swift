// SPDX-License-Identifier: Apache-2.0
import GRDB
import MarketData

/// Reading stored data back: bars to seed the resampler and the pair engines after a restart.
extension TradeDatabase {
    /// The latest `count` bars of a series, oldest first.
    public func lastBars(symbol: String, timeframe: Timeframe, count: Int) throws -> [Bar] {
        try read { db in try Self.bars(db, symbol: symbol, timeframe: timeframe, count: count) }
    }

    static func bars(_ db: Database, symbol: String, timeframe: Timeframe, count: Int) throws -> [Bar] {
        let rows = try Row.fetchAll(
            db, sql: "SELECT * FROM bars WHERE symbol = ? AND timeframe = ? ORDER BY start_ms DESC LIMIT ?",
            arguments: [symbol, timeframe.name, count])
        return rows.reversed().map { row in
            Bar(symbol: symbol, timeframe: timeframe, startMs: row["start_ms"], open: row["open"], high: row["high"], low: row["low"],
                close: row["close"], volume: row["volume"], trades: row["trades"])
        }
    }

    public func tradeCount() throws -> Int {
        try read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM trades") ?? 0 }
    }
}
