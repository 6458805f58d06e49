// SPDX-License-Identifier: Apache-2.0

/// OHLCV of one symbol over one interval `[startMs, startMs + timeframe)`.
///
/// An interval without trades is a bar too: it carries the previous close as open, high, low and close,
/// with zero volume and zero trades, so every symbol has a bar for every interval.
public struct Bar: Sendable, Hashable {
    public var symbol: String
    public var timeframe: Timeframe
    public var startMs: Int64
    public var open: Double
    public var high: Double
    public var low: Double
    public var close: Double
    public var volume: Double
    public var trades: Int

    public init(
        symbol: String, timeframe: Timeframe, startMs: Int64,
        open: Double, high: Double, low: Double, close: Double, volume: Double, trades: Int
    ) {
        self.symbol = symbol
        self.timeframe = timeframe
        self.startMs = startMs
        self.open = open
        self.high = high
        self.low = low
        self.close = close
        self.volume = volume
        self.trades = trades
    }

    public var endMs: Int64 { startMs + timeframe.milliseconds }

    /// The bar of an interval without trades: the previous close carried as open, high, low and close, with zero
    /// volume and zero trades.
    public static func carried(_ close: Double, symbol: String, timeframe: Timeframe, startMs: Int64) -> Bar {
        Bar(symbol: symbol, timeframe: timeframe, startMs: startMs, open: close, high: close, low: close, close: close, volume: 0, trades: 0)
    }
}
