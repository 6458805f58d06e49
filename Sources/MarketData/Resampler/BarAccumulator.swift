// SPDX-License-Identifier: Apache-2.0

/// One bar being built from trades that may arrive in any order: open and close are the trades first and
/// last by (time, id), whatever order they came in.
public struct BarAccumulator: Sendable {
    public private(set) var bar: Bar
    private var first: (Int64, Int64)
    private var last: (Int64, Int64)

    public init(_ trade: Trade, timeframe: Timeframe, startMs: Int64) {
        bar = Bar(
            symbol: trade.symbol, timeframe: timeframe, startMs: startMs, open: trade.price, high: trade.price, low: trade.price,
            close: trade.price, volume: trade.quantity, trades: 1)
        first = (trade.timeMs, trade.tradeID)
        last = first
    }

    public mutating func add(_ trade: Trade) {
        let order = (trade.timeMs, trade.tradeID)
        bar.high = max(bar.high, trade.price)
        bar.low = min(bar.low, trade.price)
        bar.volume += trade.quantity
        bar.trades += 1
        if order < first {
            first = order
            bar.open = trade.price
        }
        if order >= last {
            last = order
            bar.close = trade.price
        }
    }
}
