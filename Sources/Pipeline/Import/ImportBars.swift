// SPDX-License-Identifier: Apache-2.0
import MarketData
import Storage

/// Bars of the trades an import inserts, merged into the stored bars with every quiet interval filled.
///
/// Each symbol and timeframe keeps a window of at most `window` intervals in memory. When a trade lands past it,
/// the oldest intervals are written and the window slides on, so memory stays flat whatever the file's time span.
/// A trade for an interval already written (a file far out of time order) is only noted; after the file, those
/// intervals and the quiet ones carrying their close are rebuilt from the stored trades.
struct ImportBars {
    /// 65,536 intervals of 88 bytes: under 6 MB per series, 18 hours at 1s.
    static let defaultWindow = 1 << 16
    /// The longest run of quiet intervals filled between stored bars and an import's first trade (18 hours at 1s).
    static let maxQuietIntervals: Int64 = 1 << 16

    /// Every symbol's series, its timeframes side by side in configuration order.
    private var series: [Series] = []
    private var firstSeries: [String: Int] = [:]
    /// Files hold one symbol: remembering the last one spares a string hash per trade.
    private var lastSymbol = ""
    private var lastFirst = -1
    private let timeframes: [Timeframe]
    private let window: Int
    private let store: BarStore

    init(timeframes: [Timeframe], transaction: ImportTransaction, window: Int = defaultWindow) {
        self.timeframes = timeframes
        self.window = max(window, 2)
        store = BarStore(transaction: transaction)
    }

    mutating func add(_ trade: Trade) throws {
        if lastFirst < 0 || trade.symbol != lastSymbol {
            lastFirst = firstSeries[trade.symbol] ?? newSymbol(trade.symbol)
            lastSymbol = trade.symbol
        }
        for offset in timeframes.indices { try series[lastFirst + offset].add(trade, window: window, store) }
    }

    private mutating func newSymbol(_ symbol: String) -> Int {
        firstSeries[symbol] = series.count
        series += timeframes.map { Series(symbol: symbol, timeframe: $0) }
        return series.count - timeframes.count
    }

    /// Writes what is still in memory and rebuilds the late intervals; returns the number of bars written.
    mutating func finish() throws -> Int {
        for index in series.indices { try series[index].finish(window: window, store) }
        return series.reduce(0) { $0 + $1.written }
    }
}

extension ImportBars {
    /// One symbol and timeframe: a window of slots, one per interval from `firstStart` on, written in time order.
    /// An import writes every interval of its range (quiet ones too), so dense slots cost no more than those bars
    /// and need no hashing.
    struct Series {
        let symbol: String
        let timeframe: Timeframe
        var firstStart: Int64 = 0
        var cells: [BarAccumulator?] = []
        /// The first interval this import wrote, and the first it has not written yet; nil until it writes one.
        var writtenFrom: Int64?
        var nextUnwritten: Int64?
        /// The close a quiet interval carries.
        var previousClose: Double?
        /// Intervals that got a trade after they were written, or lay too far before the window to join it.
        var late: ClosedRange<Int64>?
        var written = 0
        /// Quiet intervals since the latest one with trades.
        var quietRun: Int64 = 0

        init(symbol: String, timeframe: Timeframe) {
            self.symbol = symbol
            self.timeframe = timeframe
        }

        mutating func add(_ trade: Trade, window: Int, _ store: BarStore) throws {
            let length = timeframe.milliseconds
            let start = timeframe.start(containing: trade.timeMs)
            if let nextUnwritten, start < nextUnwritten { return markLate(start) }
            // Once writing has begun the window starts at the first unwritten interval, so none is skipped.
            if cells.isEmpty { firstStart = nextUnwritten ?? start }
            if start < firstStart {
                // Only before anything is written: grow the window backwards by doubling, within its limit.
                let needed = Int((firstStart - start) / length)
                guard needed + cells.count <= window else { return markLate(start) }
                let headroom = min(max(needed, cells.count), window - cells.count)
                cells.insert(contentsOf: repeatElement(nil, count: headroom), at: 0)
                firstStart -= Int64(headroom) * length
            }
            var slot = Int((start - firstStart) / length)
            if slot >= window {
                // Sliding by at least half a window keeps the cost of moving the slots down per trade negligible.
                try write(intervals: max(slot - window + 1, window / 2), store)
                slot = Int((start - firstStart) / length)
            }
            if slot >= cells.count { cells.append(contentsOf: repeatElement(nil, count: slot - cells.count + 1)) }
            if cells[slot] != nil { cells[slot]?.add(trade) } else { cells[slot] = BarAccumulator(trade) }
        }

        private mutating func markLate(_ start: Int64) {
            late = late.map { min($0.lowerBound, start)...max($0.upperBound, start) } ?? start...start
        }

        mutating func finish(window: Int, _ store: BarStore) throws {
            if let last = cells.lastIndex(where: { $0 != nil }) { try write(intervals: last + 1, store) }
            if let late { try rebuild(late, chunk: window, store) }
        }

        /// Writes the first `count` intervals from `firstStart` in time order and slides the window past them: new
        /// intervals from memory, intervals that already had a stored bar rebuilt from all their stored trades, quiet
        /// intervals carrying the previous close (a stored bar with trades of its own is kept). Intervals before the
        /// first trade are skipped.
        private mutating func write(intervals count: Int, _ store: BarStore) throws {
            let length = timeframe.milliseconds
            var done = 0
            while done < count {
                if quietRun >= ImportBars.maxQuietIntervals {
                    // A silence this long is more likely missing data than a quiet market: past `maxQuietIntervals`
                    // it stays a hole (as before an import's first trade), and the intervals up to the next trade are
                    // skipped rather than stepped through (a year of 1s intervals, or a mistyped time, would never end).
                    let next = (done..<max(done, min(count, cells.count))).first { cells[$0] != nil } ?? count
                    if next > done {
                        done = next
                        continue
                    }
                }
                let chunk = min(count - done, max(cells.count, 1 << 12))
                let stored = try store.bars(self, from: firstStart + Int64(done) * length, count: chunk)
                for index in done..<(done + chunk) {
                    let start = firstStart + Int64(index) * length
                    let cell = index < cells.count ? cells[index] : nil
                    if writtenFrom == nil {
                        guard cell != nil else { continue }
                        writtenFrom = start
                        previousClose = try fillQuietIntervals(before: start, store)
                    }
                    if let cell {
                        if stored[start] != nil {
                            try store.transaction.rebuild(symbol: symbol, timeframe: timeframe, startMs: start)
                            previousClose = try store.close(self, before: start + length)
                        } else {
                            try store.transaction.upsert(cell.bar(symbol: symbol, timeframe: timeframe, startMs: start))
                            previousClose = cell.close
                        }
                        written += 1
                        quietRun = 0
                    } else if let bar = stored[start], bar.trades > 0 {
                        previousClose = bar.close
                        quietRun = 0
                    } else {
                        quietRun += 1
                        // A stored quiet interval carries the close this import may just have changed.
                        if quietRun <= ImportBars.maxQuietIntervals, let close = previousClose, stored[start]?.close != close {
                            try store.transaction.upsert(.carried(close, symbol: symbol, timeframe: timeframe, startMs: start))
                            written += 1
                        }
                    }
                }
                done += chunk
            }
            cells.removeFirst(min(count, cells.count))
            firstStart += Int64(count) * length
            if writtenFrom != nil { nextUnwritten = firstStart }
        }

        /// Writes the quiet intervals between the latest stored bar and `start`, carrying that bar's close, and returns
        /// the close. A silence longer than `maxQuietIntervals` is more likely missing data than a quiet market: it
        /// stays a hole for an import of the missing trades to fill.
        private mutating func fillQuietIntervals(before start: Int64, _ store: BarStore) throws -> Double? {
            guard let last = try store.lastBar(self, before: start) else { return nil }
            let length = timeframe.milliseconds
            guard (start - last.startMs) / length <= ImportBars.maxQuietIntervals else { return last.close }
            for interval in stride(from: last.startMs + length, to: start, by: Int(length)) {
                try store.transaction.upsert(.carried(last.close, symbol: symbol, timeframe: timeframe, startMs: interval))
                written += 1
            }
            return last.close
        }

        /// Recomputes, in time order from the first late interval, every interval from its stored trades, and every
        /// quiet one as carrying the previous close (a stored bar with trades of its own is kept), until past the
        /// last late interval one with trades fixes the close again, or the written range ends.
        private mutating func rebuild(_ late: ClosedRange<Int64>, chunk: Int, _ store: BarStore) throws {
            guard let end = nextUnwritten, let writtenFrom else { return }
            let length = timeframe.milliseconds
            var close = try store.close(self, before: late.lowerBound)
            var start = late.lowerBound
            while start < end {
                let stored = try store.bars(self, from: start, count: chunk)
                for _ in 0..<chunk where start < end {
                    defer { start += length }
                    let isNew = start < writtenFrom
                    if try store.transaction.rebuild(symbol: symbol, timeframe: timeframe, startMs: start) {
                        close = try store.close(self, before: start + length)
                        if isNew { written += 1 }
                        if start > late.upperBound { return }
                    } else if let bar = stored[start], bar.trades > 0 {
                        close = bar.close
                        if start > late.upperBound { return }
                    } else if let close {
                        try store.transaction.upsert(.carried(close, symbol: symbol, timeframe: timeframe, startMs: start))
                        if isNew { written += 1 }
                    }
                }
            }
        }
    }

    /// The stored bars an import merges with.
    struct BarStore {
        let transaction: ImportTransaction

        func bars(_ series: Series, from startMs: Int64, count: Int) throws -> [Int64: (close: Double, trades: Int)] {
            try transaction.bars(symbol: series.symbol, timeframe: series.timeframe, from: startMs, count: count)
        }

        func close(_ series: Series, before startMs: Int64) throws -> Double? {
            try lastBar(series, before: startMs)?.close
        }

        func lastBar(_ series: Series, before startMs: Int64) throws -> BarClose? {
            try transaction.lastBar(symbol: series.symbol, timeframe: series.timeframe, before: startMs)
        }
    }
}
