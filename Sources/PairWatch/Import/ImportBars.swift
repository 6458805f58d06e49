// SPDX-License-Identifier: Apache-2.0
import GRDB
import MarketData
import Storage

/// Bars of the trades an import inserted, kept per interval while the file streams in (memory grows with the
/// number of intervals, not rows), then merged into the stored bars with every quiet interval filled.
struct ImportBars {
    /// One interval's figures without the symbol and timeframe its series already names: 80 bytes, so a day of
    /// 1s intervals stays near 10 MB and the per-trade update touches no reference count.
    struct Cell {
        var open, high, low, close, volume: Double
        var trades: Int
        /// (time, id) of the trades that set open and close.
        var first: (Int64, Int64)
        var last: (Int64, Int64)

        init(_ trade: Trade) {
            open = trade.price
            high = trade.price
            low = trade.price
            close = trade.price
            volume = trade.quantity
            trades = 1
            first = (trade.timeMs, trade.tradeID)
            last = first
        }

        /// Open and close are the first and last trades by (time, id), whatever order the rows came in.
        mutating func add(_ trade: Trade) {
            let order = (trade.timeMs, trade.tradeID)
            high = max(high, trade.price)
            low = min(low, trade.price)
            volume += trade.quantity
            trades += 1
            if order < first { (first, open) = (order, trade.price) }
            if order >= last { (last, close) = (order, trade.price) }
        }

        func bar(_ symbol: String, _ timeframe: Timeframe, _ startMs: Int64) -> Bar {
            Bar(symbol: symbol, timeframe: timeframe, startMs: startMs, open: open, high: high, low: low, close: close, volume: volume, trades: trades)
        }
    }

    /// One symbol and timeframe: a slot per interval from `firstStart` on. An import writes every interval of its
    /// range (quiet ones too), so dense slots cost no more than those bars and need no hashing; the array grows by
    /// doubling at either end, so rows out of time order stay cheap.
    struct Series {
        let symbol: String
        let timeframe: Timeframe
        var firstStart: Int64 = 0
        var cells: [Cell?] = []

        mutating func add(_ trade: Trade) {
            let length = timeframe.milliseconds
            let start = timeframe.start(containing: trade.timeMs)
            if cells.isEmpty { firstStart = start }
            if start < firstStart {
                let headroom = max(Int((firstStart - start) / length), cells.count)
                cells.insert(contentsOf: repeatElement(nil, count: headroom), at: 0)
                firstStart -= Int64(headroom) * length
            }
            let slot = Int((start - firstStart) / length)
            if slot >= cells.count { cells.append(contentsOf: repeatElement(nil, count: slot - cells.count + 1)) }
            if cells[slot] != nil { cells[slot]?.add(trade) } else { cells[slot] = Cell(trade) }
        }
    }

    /// Every symbol's series, its timeframes side by side in configuration order.
    private var series: [Series] = []
    private var firstSeries: [String: Int] = [:]
    /// Files hold one symbol: remembering the last one spares a string hash per trade.
    private var lastSymbol = ""
    private var lastFirst = -1
    let timeframes: [Timeframe]

    init(timeframes: [Timeframe]) {
        self.timeframes = timeframes
    }

    mutating func add(_ trade: Trade) {
        if lastFirst < 0 || trade.symbol != lastSymbol {
            lastFirst = firstSeries[trade.symbol] ?? newSymbol(trade.symbol)
            lastSymbol = trade.symbol
        }
        for offset in timeframes.indices { series[lastFirst + offset].add(trade) }
    }

    private mutating func newSymbol(_ symbol: String) -> Int {
        firstSeries[symbol] = series.count
        series += timeframes.map { Series(symbol: symbol, timeframe: $0) }
        return series.count - timeframes.count
    }

    /// Writes every series over the imported range: new intervals from memory, intervals that already had a
    /// stored bar rebuilt from all their stored trades, quiet intervals carrying the previous close.
    /// Returns the number of bars written per timeframe.
    func write(_ db: Database, _ statements: TradeStatements) throws -> [String: Int] {
        var written: [String: Int] = [:]
        for one in series {
            guard let firstSlot = one.cells.firstIndex(where: { $0 != nil }), let lastSlot = one.cells.lastIndex(where: { $0 != nil }) else { continue }
            let (symbol, timeframe, length) = (one.symbol, one.timeframe, one.timeframe.milliseconds)
            let first = one.firstStart + Int64(firstSlot) * length
            let last = one.firstStart + Int64(lastSlot) * length
            let stored = try storedCloses(db, one, from: first, through: last)
            var previousClose = try Self.closeBefore(db, one, first)
            for slot in firstSlot...lastSlot {
                let start = one.firstStart + Int64(slot) * length
                if let cell = one.cells[slot] {
                    if stored[start] != nil {
                        try statements.rebuild(symbol: symbol, timeframe: timeframe, startMs: start)
                        previousClose = try Self.closeBefore(db, one, start + length)
                    } else {
                        try statements.upsert(cell.bar(symbol, timeframe, start))
                        previousClose = cell.close
                    }
                    written[timeframe.name, default: 0] += 1
                } else if let close = stored[start] {
                    previousClose = close
                } else if let close = previousClose {
                    try statements.upsert(
                        Bar(symbol: symbol, timeframe: timeframe, startMs: start, open: close, high: close, low: close, close: close, volume: 0, trades: 0))
                    written[timeframe.name, default: 0] += 1
                }
            }
        }
        return written
    }

    private func storedCloses(_ db: Database, _ series: Series, from first: Int64, through last: Int64) throws -> [Int64: Double] {
        let rows = try Row.fetchAll(
            db, sql: "SELECT start_ms, close FROM bars WHERE symbol = ? AND timeframe = ? AND start_ms BETWEEN ? AND ?",
            arguments: [series.symbol, series.timeframe.name, first, last])
        return Dictionary(uniqueKeysWithValues: rows.map { ($0["start_ms"], $0["close"]) })
    }

    private static func closeBefore(_ db: Database, _ series: Series, _ startMs: Int64) throws -> Double? {
        try Double.fetchOne(
            db, sql: "SELECT close FROM bars WHERE symbol = ? AND timeframe = ? AND start_ms < ? ORDER BY start_ms DESC LIMIT 1",
            arguments: [series.symbol, series.timeframe.name, startMs])
    }
}
