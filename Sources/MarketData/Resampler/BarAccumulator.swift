// SPDX-License-Identifier: Apache-2.0

/// The figures of one bar being built from trades that may arrive in any order: open and close are the trades first
/// and last by (time, id), and the volume an exact sum (`QuantitySum`), whatever order they came in.
///
/// The one bar builder of pairwatch: the live resampler and the import both fill bars through it. It holds no symbol
/// or timeframe (its series names them), so updating it per trade touches no reference count.
public struct BarAccumulator: Sendable {
    public private(set) var open, high, low, close: Double
    public private(set) var trades: Int
    private var quantities = QuantitySum()
    /// (time, id) of the trades that set open and close.
    private var first: (Int64, Int64)
    private var last: (Int64, Int64)

    public init(_ trade: Trade) {
        open = trade.price
        high = trade.price
        low = trade.price
        close = trade.price
        quantities.add(trade.quantity)
        trades = 1
        first = (trade.timeMs, trade.tradeID)
        last = first
    }

    public mutating func add(_ trade: Trade) {
        let order = (trade.timeMs, trade.tradeID)
        high = max(high, trade.price)
        low = min(low, trade.price)
        quantities.add(trade.quantity)
        trades += 1
        if order < first { (first, open) = (order, trade.price) }
        if order >= last { (last, close) = (order, trade.price) }
    }

    /// The sum of the quantities, the same whatever order the trades came in.
    public var volume: Double { quantities.value }

    /// The bar of `symbol` and `timeframe` over the interval starting at `startMs`.
    public func bar(symbol: String, timeframe: Timeframe, startMs: Int64) -> Bar {
        Bar(symbol: symbol, timeframe: timeframe, startMs: startMs, open: open, high: high, low: low, close: close, volume: volume, trades: trades)
    }
}
