// SPDX-License-Identifier: Apache-2.0
import GRDB
import MarketData

/// Reading stored data back: bars to seed the resampler and the pair engines after a restart, and where the feed resumes.
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

    /// Start and close of the latest `count` bars of a series that start before `beforeMs` (all of them when
    /// `count` is nil), oldest first: what a pair engine reads to restore its window, without the columns it does
    /// not use.
    public func closes(symbol: String, timeframe: Timeframe, count: Int?, beforeMs: Int64 = .max) throws -> [BarClose] {
        try read { db in
            let rows = try Row.fetchCursor(
                db, sql: "SELECT start_ms, close FROM bars WHERE symbol = ? AND timeframe = ? AND start_ms < ? ORDER BY start_ms DESC LIMIT ?",
                arguments: [symbol, timeframe.name, beforeMs, count ?? -1])
            var closes: [BarClose] = []
            if let count { closes.reserveCapacity(count) }
            while let row = try rows.next() { closes.append(BarClose(startMs: row[0], close: row[1])) }
            closes.reverse()
            return closes
        }
    }

    /// Start and close of the first `limit` bars of a series starting in `[fromMs, toMs)`, oldest first.
    public func closes(symbol: String, timeframe: Timeframe, fromMs: Int64, toMs: Int64, limit: Int) throws -> [BarClose] {
        try read { db in
            try Row.fetchAll(
                db, sql: "SELECT start_ms, close FROM bars WHERE symbol = ? AND timeframe = ? AND start_ms >= ? AND start_ms < ? ORDER BY start_ms LIMIT ?",
                arguments: [symbol, timeframe.name, fromMs, toMs, limit]
            ).map { BarClose(startMs: $0[0], close: $0[1]) }
        }
    }

    /// The first `limit` bars of a series starting in `[fromMs, toMs)`, oldest first.
    public func bars(symbol: String, timeframe: Timeframe, fromMs: Int64, toMs: Int64, limit: Int) throws -> [Bar] {
        try read { db in
            try Row.fetchAll(
                db, sql: "SELECT * FROM bars WHERE symbol = ? AND timeframe = ? AND start_ms >= ? AND start_ms < ? ORDER BY start_ms LIMIT ?",
                arguments: [symbol, timeframe.name, fromMs, toMs, limit]
            ).map { row in
                Bar(symbol: symbol, timeframe: timeframe, startMs: row["start_ms"], open: row["open"], high: row["high"], low: row["low"],
                    close: row["close"], volume: row["volume"], trades: row["trades"])
            }
        }
    }

    /// The highest stored trade id of each symbol that has trades: where a live feed resumes (and backfills from).
    public func lastTradeIDs(symbols: [String]) throws -> [String: Int64] {
        try read { db in
            var ids: [String: Int64] = [:]
            for symbol in symbols {
                // The primary key (symbol, trade_id) answers this from one index page.
                ids[symbol] = try Int64.fetchOne(db, sql: "SELECT MAX(trade_id) FROM trades WHERE symbol = ?", arguments: [symbol])
            }
            return ids
        }
    }

    /// The latest stored trade time (ms) of each symbol that has trades: how stale each was when the daemon stopped.
    public func lastTradeTimes(symbols: [String]) throws -> [String: Int64] {
        try read { db in
            var times: [String: Int64] = [:]
            for symbol in symbols {
                // The index (symbol, time_ms) answers this from one index page.
                times[symbol] = try Int64.fetchOne(db, sql: "SELECT MAX(time_ms) FROM trades WHERE symbol = ?", arguments: [symbol])
            }
            return times
        }
    }

    public func tradeCount() throws -> Int {
        try read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM trades") ?? 0 }
    }
}

/// The close of one stored bar and the start of its interval.
public struct BarClose: Sendable, Equatable {
    public var startMs: Int64
    public var close: Double

    public init(startMs: Int64, close: Double) {
        self.startMs = startMs
        self.close = close
    }
}
