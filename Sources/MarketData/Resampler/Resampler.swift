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
    private var series: [SeriesKey: SeriesState] = [:]
    private var highestTradeMs = Int64.min
    private var seen: [String: SeenTrades] = [:]
    public private(set) var lateTrades: UInt64 = 0
    /// Trades delivered again while their bars were open, left out of the bars.
    public private(set) var duplicateTrades: UInt64 = 0

    struct SeriesKey: Hashable {
        let symbol: String
        let timeframe: Timeframe

        /// The timeframe by its length alone (equality still compares its name): the lookup runs for every trade and
        /// timeframe, and hashing the timeframe's name as well made it cost more.
        func hash(into hasher: inout Hasher) {
            hasher.combine(symbol)
            hasher.combine(timeframe.milliseconds)
        }
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

    /// Continues a series from its last stored bar after a restart: it and earlier intervals count as closed,
    /// and quiet intervals after it carry its close.
    public mutating func seed(_ bar: Bar) {
        let key = SeriesKey(symbol: bar.symbol, timeframe: bar.timeframe)
        var state = series[key] ?? SeriesState()
        if state.closedUntil.map({ $0 < bar.endMs }) ?? true {
            state.closedUntil = bar.endMs
            state.lastClose = bar.close
        }
        series[key] = state
    }

    /// Changes the timeframes (a configuration reload): removed ones are forgotten with their open bars; an added one
    /// starts at the first interval after `nowMs`, because the trades of the interval under way reached only the
    /// other timeframes (one arriving for it now is late, so its bar is rebuilt from the stored trades).
    public mutating func reconfigure(timeframes newTimeframes: [Timeframe], nowMs: Int64) {
        let added = newTimeframes.filter { !timeframes.contains($0) }
        series = series.filter { newTimeframes.contains($0.key.timeframe) }
        let symbols = Set(seen.keys).union(series.keys.map(\.symbol))
        let now = max(nowMs, highestTradeMs)
        for timeframe in added {
            for symbol in symbols {
                let next = timeframe.start(containing: now) + timeframe.milliseconds
                series[SeriesKey(symbol: symbol, timeframe: timeframe)] = SeriesState(closedUntil: next)
            }
        }
        timeframes = newTimeframes
    }

    /// Adds trades, then closes whatever the new watermark passes.
    public mutating func add(_ trades: some Sequence<Trade>) -> Output {
        var output = Output()
        let span = timeframes.map(\.milliseconds).max() ?? 1
        for trade in trades {
            guard seen[trade.symbol, default: SeenTrades(spanMs: span)].insert(trade) else {
                duplicateTrades += 1
                continue
            }
            highestTradeMs = max(highestTradeMs, trade.timeMs)
            for timeframe in timeframes { place(trade, in: timeframe, &output) }
        }
        if highestTradeMs != .min { close(until: highestTradeMs - allowedLatenessMs, &output) }
        return output
    }

    /// Closes bars the wall clock has passed by the lateness, for live sources that can fall quiet.
    public mutating func advance(wallClockMs: Int64) -> Output {
        var output = Output()
        close(until: wallClockMs - allowedLatenessMs, &output)
        return output
    }

    private mutating func place(_ trade: Trade, in timeframe: Timeframe, _ output: inout Output) {
        let start = timeframe.start(containing: trade.timeMs)
        // One lookup of the series, mutated in place: hashing the symbol for each of several lookups was a third of
        // the resampler's time at replay rates, and copying the state out and back would copy its open bars.
        guard !Self.add(trade, startMs: start, to: &series[SeriesKey(symbol: trade.symbol, timeframe: timeframe), default: SeriesState()]) else {
            return
        }
        lateTrades += 1
        output.late.append(LateInterval(symbol: trade.symbol, timeframe: timeframe, startMs: start))
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

    /// Closes, in every series, each interval that ends at or before `watermark`, at most `catchUpLimit` of them.
    private mutating func close(until watermark: Int64, _ output: inout Output) {
        for key in series.keys.sorted(by: Self.order) {
            // Taken out while it changes, so its dictionary of open bars is not copied.
            guard var state = series.removeValue(forKey: key) else { continue }
            defer { series[key] = state }
            let length = key.timeframe.milliseconds
            guard var next = state.closedUntil ?? state.open.keys.min() else { continue }
            var budget = catchUpLimit
            while next + length <= watermark, budget > 0 {
                if let entry = state.open.removeValue(forKey: next) {
                    output.closed.append(entry.bar(symbol: key.symbol, timeframe: key.timeframe, startMs: next))
                    state.lastClose = entry.close
                } else if let close = state.lastClose {
                    output.closed.append(.carried(close, symbol: key.symbol, timeframe: key.timeframe, startMs: next))
                } else if let first = state.open.keys.min() {
                    // Nothing to carry before the series' first trade: start there.
                    next = first
                    continue
                } else {
                    break
                }
                next += length
                state.closedUntil = next
                budget -= 1
            }
        }
        forgetClosedTrades()
    }

    /// Drops the ids of trades whose intervals every timeframe of their symbol has closed.
    private mutating func forgetClosedTrades() {
        for symbol in Array(seen.keys) {
            let closed = timeframes.map { series[SeriesKey(symbol: symbol, timeframe: $0)]?.closedUntil ?? .min }
            if let horizon = closed.min(), horizon != .min { seen[symbol]?.forget(before: horizon) }
        }
    }

    private static func order(_ lhs: SeriesKey, _ rhs: SeriesKey) -> Bool {
        (lhs.timeframe.milliseconds, lhs.symbol) < (rhs.timeframe.milliseconds, rhs.symbol)
    }
}
