// SPDX-License-Identifier: Apache-2.0

/// Turns trades into OHLCV bars for every symbol and timeframe, closing them on event time.
///
/// A bar `[start, start + timeframe)` closes once the watermark, the highest trade time seen across all
/// symbols minus `allowedLatenessMs`, reaches its end; for a live source `advance(wallClockMs:)` closes bars whose
/// end the wall clock has passed by the lateness, so a quiet market still gets its bars. Within the lateness,
/// trades may arrive in any order: open and close are the earliest and latest trade by (time, id). An interval
/// without trades closes as a bar carrying the previous close with zero volume and zero trades. Each
/// (symbol, timeframe, interval) closes exactly once; a trade for an interval already closed is late: it is
/// counted and its interval reported, so the stored bar can be rebuilt from the stored trades (the resampler keeps
/// no closed bars, and the stored trades are the de-duplicated truth, also after a restart). A trade delivered
/// twice while its bars are open counts once.
///
/// After a long pause (a restart after downtime) at most `catchUpLimit` intervals close per series and call, so a
/// week of one-second intervals arrives over successive calls (the ticker's, once a second) rather than as one burst
/// of 600,000 bars to hold, commit and hand on at once. Intervals not closed yet stay open: their trades are on time.
public struct Resampler: Sendable {
    public private(set) var timeframes: [Timeframe]
    public let allowedLatenessMs: Int64
    public let catchUpLimit: Int
    /// Each symbol's state: one lookup of the symbol per trade. A dictionary of series keyed by symbol and timeframe,
    /// plus one of the ids seen, hashed the symbol once per timeframe and once more, and at replay rates that was the
    /// resampler's largest cost (measured with `perf`).
    private var symbols: [String: SymbolState] = [:]
    private var highestTradeMs = Int64.min
    public private(set) var lateTrades: UInt64 = 0
    /// Trades delivered again while their bars were open, left out of the bars.
    public private(set) var duplicateTrades: UInt64 = 0

    struct SymbolState {
        var seen: SeenTrades
        /// One per timeframe, in the order of `timeframes`.
        var series: [SeriesState]
    }

    struct SeriesState {
        /// Every interval starting before this is closed; nil until the series first closes a bar.
        var closedUntil: Int64?
        var lastClose: Double?
        var open: [Int64: BarAccumulator] = [:]
    }

    /// Bars that closed (in time order within each series) and closed intervals that late trades changed.
    public struct Output: Sendable, Equatable {
        public var closed: [Bar] = []
        public var late: [LateInterval] = []

        public init() {}
    }

    public struct LateInterval: Sendable, Hashable {
        public let symbol: String
        public let timeframe: Timeframe
        public let startMs: Int64

        public init(symbol: String, timeframe: Timeframe, startMs: Int64) {
            self.symbol = symbol
            self.timeframe = timeframe
            self.startMs = startMs
        }
    }

    public init(timeframes: [Timeframe], allowedLatenessMs: Int64 = 2_000, catchUpLimit: Int = 10_000) {
        self.timeframes = timeframes
        self.allowedLatenessMs = allowedLatenessMs
        self.catchUpLimit = max(catchUpLimit, 1)
    }

    /// Ids are kept in buckets as long as the longest timeframe (see `SeenTrades`).
    private var newSymbol: SymbolState {
        SymbolState(seen: SeenTrades(spanMs: timeframes.map(\.milliseconds).max() ?? 1), series: Array(repeating: SeriesState(), count: timeframes.count))
    }

    /// Continues a series from its last stored bar after a restart: it and earlier intervals count as closed,
    /// and quiet intervals after it carry its close. A bar of a timeframe not configured is ignored.
    public mutating func seed(_ bar: Bar) {
        guard let index = timeframes.firstIndex(of: bar.timeframe) else { return }
        let fresh = newSymbol
        Self.seed(bar, into: &symbols[bar.symbol, default: fresh].series[index])
    }

    private static func seed(_ bar: Bar, into state: inout SeriesState) {
        guard state.closedUntil.map({ $0 < bar.endMs }) ?? true else { return }
        state.closedUntil = bar.endMs
        state.lastClose = bar.close
    }

    /// Changes the timeframes (a configuration reload): removed ones are forgotten with their open bars; an added one
    /// starts at the first interval after `nowMs`, because the trades of the interval under way reached only the
    /// other timeframes (one arriving for it now is late, so its bar is rebuilt from the stored trades).
    public mutating func reconfigure(timeframes newTimeframes: [Timeframe], nowMs: Int64) {
        let (old, now) = (timeframes, max(nowMs, highestTradeMs))
        symbols = symbols.mapValues { state in
            var state = state
            state.series = newTimeframes.map { timeframe in
                if let index = old.firstIndex(of: timeframe) { return state.series[index] }
                return SeriesState(closedUntil: timeframe.start(containing: now) + timeframe.milliseconds)
            }
            return state
        }
        timeframes = newTimeframes
    }

    /// Adds trades, then closes whatever the new watermark passes.
    public mutating func add(_ trades: some Sequence<Trade>) -> Output {
        var output = Output()
        let fresh = newSymbol
        for trade in trades {
            // Changed in place: copying the state out and back would copy its open bars.
            guard Self.add(trade, timeframes: timeframes, to: &symbols[trade.symbol, default: fresh], &output) else {
                duplicateTrades += 1
                continue
            }
            highestTradeMs = max(highestTradeMs, trade.timeMs)
        }
        lateTrades += UInt64(output.late.count)
        if highestTradeMs != .min { close(until: highestTradeMs - allowedLatenessMs, &output) }
        return output
    }

    /// Closes bars the wall clock has passed by the lateness, for live sources that can fall quiet.
    public mutating func advance(wallClockMs: Int64) -> Output {
        var output = Output()
        close(until: wallClockMs - allowedLatenessMs, &output)
        return output
    }

    /// Adds the trade to its open bar of each timeframe, or reports it late for a closed one; false, changing nothing,
    /// when the trade was seen already.
    private static func add(_ trade: Trade, timeframes: [Timeframe], to state: inout SymbolState, _ output: inout Output) -> Bool {
        guard state.seen.insert(trade) else { return false }
        for (index, timeframe) in timeframes.enumerated() {
            let start = timeframe.start(containing: trade.timeMs)
            if !add(trade, startMs: start, to: &state.series[index]) {
                output.late.append(LateInterval(symbol: trade.symbol, timeframe: timeframe, startMs: start))
            }
        }
        return true
    }

    /// Adds the trade to its open bar; false, changing nothing, when its interval is closed already.
    private static func add(_ trade: Trade, startMs: Int64, to state: inout SeriesState) -> Bool {
        if let closedUntil = state.closedUntil, startMs < closedUntil { return false }
        if let index = state.open.index(forKey: startMs) {
            state.open.values[index].add(trade)
        } else {
            state.open[startMs] = BarAccumulator(trade)
        }
        return true
    }

    /// Closes, in every series (by timeframe length, then symbol), each interval that ends at or before `watermark`,
    /// at most `catchUpLimit` of them.
    private mutating func close(until watermark: Int64, _ output: inout Output) {
        let names = symbols.keys.sorted()
        for (index, timeframe) in timeframes.enumerated().sorted(by: { $0.element.milliseconds < $1.element.milliseconds }) {
            for symbol in names {
                symbols[symbol]?.series[index].close(until: watermark, symbol: symbol, timeframe: timeframe, budget: catchUpLimit, &output)
            }
        }
        forgetClosedTrades()
    }

    /// Drops the ids of trades whose intervals every timeframe of their symbol has closed.
    private mutating func forgetClosedTrades() {
        for symbol in Array(symbols.keys) {
            guard let horizon = symbols[symbol]?.series.map({ $0.closedUntil ?? .min }).min(), horizon != .min else { continue }
            symbols[symbol]?.seen.forget(before: horizon)
        }
    }
}

extension Resampler.SeriesState {
    /// Closes each interval that ends at or before `watermark`, at most `budget` of them, in time order.
    mutating func close(until watermark: Int64, symbol: String, timeframe: Timeframe, budget: Int, _ output: inout Resampler.Output) {
        let length = timeframe.milliseconds
        guard var next = closedUntil ?? open.keys.min() else { return }
        var budget = budget
        while next + length <= watermark, budget > 0 {
            if let entry = open.removeValue(forKey: next) {
                output.closed.append(entry.bar(symbol: symbol, timeframe: timeframe, startMs: next))
                lastClose = entry.close
            } else if let close = lastClose {
                output.closed.append(.carried(close, symbol: symbol, timeframe: timeframe, startMs: next))
            } else if let first = open.keys.min() {
                // Nothing to carry before the series' first trade: start there.
                next = first
                continue
            } else {
                break
            }
            next += length
            closedUntil = next
            budget -= 1
        }
    }
}
