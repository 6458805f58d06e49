// SPDX-License-Identifier: Apache-2.0
import GRDB
import MarketData
import Storage

/// Bars of the trades an import inserted, kept per interval while the file streams in (memory grows with the
/// number of intervals, not rows), then merged into the stored bars with every quiet interval filled.
struct ImportBars {
    struct Key: Hashable {
        let symbol: String
        let timeframe: Timeframe
    }

    private var bars: [Key: [Int64: BarAccumulator]] = [:]
    let timeframes: [Timeframe]

    init(timeframes: [Timeframe]) {
        self.timeframes = timeframes
    }

    mutating func add(_ trade: Trade) {
        for timeframe in timeframes {
            let start = timeframe.start(containing: trade.timeMs)
            let key = Key(symbol: trade.symbol, timeframe: timeframe)
            if bars[key]?[start] == nil {
                bars[key, default: [:]][start] = BarAccumulator(trade, timeframe: timeframe, startMs: start)
            } else {
                bars[key]?[start]?.add(trade)
            }
        }
    }

    /// Writes every series over the imported range: new intervals from memory, intervals that already had a
    /// stored bar rebuilt from all their stored trades, quiet intervals carrying the previous close.
    /// Returns the number of bars written per timeframe.
    func write(_ db: Database, _ statements: TradeStatements) throws -> [String: Int] {
        var written: [String: Int] = [:]
        for (key, series) in bars {
            guard let first = series.keys.min(), let last = series.keys.max() else { continue }
            let length = key.timeframe.milliseconds
            let stored = try storedCloses(db, key, from: first, through: last)
            var previousClose = try Self.closeBefore(db, key, first)
            var start = first
            while start <= last {
                if let entry = series[start] {
                    if stored[start] != nil {
                        try statements.rebuild(symbol: key.symbol, timeframe: key.timeframe, startMs: start)
                        previousClose = try Self.closeBefore(db, key, start + length)
                    } else {
                        try statements.upsert(entry.bar)
                        previousClose = entry.bar.close
                    }
                    written[key.timeframe.name, default: 0] += 1
                } else if let close = stored[start] {
                    previousClose = close
                } else if let close = previousClose {
                    try statements.upsert(
                        Bar(symbol: key.symbol, timeframe: key.timeframe, startMs: start, open: close, high: close, low: close, close: close, volume: 0, trades: 0))
                    written[key.timeframe.name, default: 0] += 1
                }
                start += length
            }
        }
        return written
    }

    private func storedCloses(_ db: Database, _ key: Key, from first: Int64, through last: Int64) throws -> [Int64: Double] {
        let rows = try Row.fetchAll(
            db, sql: "SELECT start_ms, close FROM bars WHERE symbol = ? AND timeframe = ? AND start_ms BETWEEN ? AND ?",
            arguments: [key.symbol, key.timeframe.name, first, last])
        return Dictionary(uniqueKeysWithValues: rows.map { ($0["start_ms"], $0["close"]) })
    }

    private static func closeBefore(_ db: Database, _ key: Key, _ startMs: Int64) throws -> Double? {
        try Double.fetchOne(
            db, sql: "SELECT close FROM bars WHERE symbol = ? AND timeframe = ? AND start_ms < ? ORDER BY start_ms DESC LIMIT 1",
            arguments: [key.symbol, key.timeframe.name, startMs])
    }
}
