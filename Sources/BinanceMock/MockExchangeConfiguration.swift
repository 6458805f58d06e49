// SPDX-License-Identifier: Apache-2.0

/// What a `MockExchange` serves: its symbols, how fast they trade, how its trades are drawn, and the limits it
/// enforces the way Binance does.
///
/// Every field has a default fit for a unit test except the rate, which is 0 (trades only when the test calls
/// `MockExchange.generate(_:symbol:)`), so a test decides exactly what the stream carries.
public struct MockExchangeConfiguration: Sendable {
    /// The address to listen on; port 0 asks the kernel for a free port (`MockExchange.waitUntilListening()`).
    public var host: String
    public var port: Int
    /// Uppercase symbols (`BTCUSDT`); each serves the stream `btcusdt@aggTrade`.
    public var symbols: [String]
    /// Aggregate trades generated per second per symbol by the wall-clock generator; 0 turns it off.
    public var tradesPerSecond: Double
    /// Seeds the price walk, the quantities and the garbage bytes, so a seed names one run.
    public var seed: UInt64
    /// The first aggregate id per symbol; a symbol missing here starts at `defaultStartID(index:)`.
    public var startIDs: [String: Int64]
    /// The first price per symbol; a symbol missing here starts at `defaultStartPrice(symbol:)`.
    public var startPrices: [String: Double]
    /// How many of the newest trades per symbol REST still serves (Binance keeps 48 hours); `nil` serves all.
    public var restHistory: Int?
    /// How often the server pings each connection (Binance: 3 minutes).
    public var pingInterval: Duration
    /// Client messages (pings, pongs, control) allowed per second per connection before a 1008 close.
    public var maxClientMessagesPerSecond: Int
    /// REST weight allowed per minute before a 429 (Binance: 2,400 per IP).
    public var restWeightPerMinute: Int
    /// The time the REST weight is counted by, milliseconds since the epoch: the wall clock, or a fixed time in tests
    /// that must not see a minute roll over between two calls.
    public var restClockMs: @Sendable () -> Int64

    public init(
        host: String = "127.0.0.1",
        port: Int = 0,
        symbols: [String] = ["BTCUSDT", "ETHUSDT"],
        tradesPerSecond: Double = 0,
        seed: UInt64 = 1,
        startIDs: [String: Int64] = [:],
        startPrices: [String: Double] = [:],
        restHistory: Int? = nil,
        pingInterval: Duration = .seconds(180),
        maxClientMessagesPerSecond: Int = 10,
        restWeightPerMinute: Int = 2_400,
        restClockMs: (@Sendable () -> Int64)? = nil
    ) {
        self.host = host
        self.port = port
        self.symbols = symbols
        self.tradesPerSecond = tradesPerSecond
        self.seed = seed
        self.startIDs = startIDs
        self.startPrices = startPrices
        self.restHistory = restHistory
        self.pingInterval = pingInterval
        self.maxClientMessagesPerSecond = maxClientMessagesPerSecond
        self.restWeightPerMinute = restWeightPerMinute
        self.restClockMs = restClockMs ?? nowMs
    }

    /// Symbol `index` (in configuration order) starts at `(index + 1) × 10⁹`, so the symbols' id ranges never
    /// meet and the fifth symbol on is past 2³², as real ids are.
    public static func defaultStartID(index: Int) -> Int64 {
        1_000_000_000 * Int64(index + 1)
    }

    /// Rough market levels for the usual symbols, so prices print with realistic digits; 100 for the rest.
    public static func defaultStartPrice(symbol: String) -> Double {
        switch symbol {
        case "BTCUSDT": 68_000
        case "ETHUSDT": 3_500
        case "SOLUSDT": 150
        case "BNBUSDT": 600
        case "XRPUSDT": 0.6
        case "1000PEPEUSDT": 0.0123456
        default: 100
        }
    }

    func startID(of symbol: String) -> Int64 {
        startIDs[symbol] ?? Self.defaultStartID(index: symbols.firstIndex(of: symbol) ?? 0)
    }

    func startPrice(of symbol: String) -> Double {
        startPrices[symbol] ?? Self.defaultStartPrice(symbol: symbol)
    }
}
