// SPDX-License-Identifier: Apache-2.0

/// How the Binance feed connects, when it gives a connection up, and how hard it may use the REST API.
///
/// The defaults follow Binance's published limits (see the connection rules in the reference notes): connections
/// live at most 24 hours, 200 streams per connection is the safe bound, REST allows 2,400 weight a minute per IP, of
/// which the feed takes half so a `pairwatch backfill` beside it still has room.
public struct BinanceFeedSettings: Sendable, Equatable {
    /// The combined-stream endpoint (`wss://` or `ws://`), without the query.
    public var websocketURL: String
    /// The REST base URL (`https://` or `http://`), without a trailing slash.
    public var restURL: String
    /// A connection that delivered no trade for this long is closed and replaced.
    public var staleAfter: Duration
    /// A connection is replaced (new one first) after this long, before Binance's 24-hour cut.
    public var rotateAfter: Duration
    /// Streams (symbols) per connection.
    public var maxStreamsPerConnection: Int
    /// The first reconnect delay bound; it doubles per failed attempt up to `maximumBackoff`.
    public var initialBackoff: Duration
    public var maximumBackoff: Duration
    /// A connection that stayed up this long resets the backoff to `initialBackoff`.
    public var healthyAfter: Duration
    /// REST weight the feed may use per minute (Binance allows 2,400 per IP).
    public var restWeightPerMinute: Int
    /// Trades per REST page (Binance's maximum is 1,000).
    public var restPageLimit: Int
    /// Largest WebSocket frame accepted, in bytes.
    public var maxFrameSize: Int

    public init(
        websocketURL: String = "wss://fstream.binance.com/market/stream",
        restURL: String = "https://fapi.binance.com",
        staleAfter: Duration = .seconds(60),
        rotateAfter: Duration = .seconds(23 * 3_600),
        maxStreamsPerConnection: Int = 200,
        initialBackoff: Duration = .seconds(1),
        maximumBackoff: Duration = .seconds(60),
        healthyAfter: Duration = .seconds(60),
        restWeightPerMinute: Int = 1_200,
        restPageLimit: Int = 1_000,
        maxFrameSize: Int = 1 << 20
    ) {
        self.websocketURL = websocketURL
        self.restURL = restURL
        self.staleAfter = staleAfter
        self.rotateAfter = rotateAfter
        self.maxStreamsPerConnection = maxStreamsPerConnection
        self.initialBackoff = initialBackoff
        self.maximumBackoff = maximumBackoff
        self.healthyAfter = healthyAfter
        self.restWeightPerMinute = restWeightPerMinute
        self.restPageLimit = restPageLimit
        self.maxFrameSize = maxFrameSize
    }

    /// The symbols of each connection, in order: `maxStreamsPerConnection` at most per group.
    func connectionGroups(_ symbols: [String]) -> [[String]] {
        let size = max(1, maxStreamsPerConnection)
        return stride(from: 0, to: symbols.count, by: size).map { Array(symbols[$0..<min($0 + size, symbols.count)]) }
    }

    /// The combined-stream URL of one connection: `<websocketURL>?streams=btcusdt@aggTrade/...`.
    func streamURL(for symbols: [String]) -> String {
        websocketURL + "?streams=" + symbols.map { $0.lowercased() + "@aggTrade" }.joined(separator: "/")
    }
}
