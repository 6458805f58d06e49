// SPDX-License-Identifier: Apache-2.0

/// A snapshot of what the mock has done, for tests' assertions and `GET /mock/state`.
public struct MockState: Sendable, Codable, Equatable {
    /// The ids generated for one symbol so far.
    public struct SymbolState: Sendable, Codable, Equatable {
        public var symbol: String
        public var firstID: Int64?
        public var lastID: Int64?
        public var count: Int
    }

    /// One stream connection, open or closed.
    public struct Connection: Sendable, Codable, Equatable {
        public var id: Int
        /// The request path and query the client connected with.
        public var path: String
        /// `true` on `/market/stream` (frames wrapped as `{"stream":…,"data":…}`), `false` on `/market/ws`.
        public var combined: Bool
        public var streams: [String]
        public var openedAtMs: Int64
        public var closedAtMs: Int64?
        /// Why it closed: `client`, `abrupt` (injected), `1008` (injected), `rate-limit`, `server`.
        public var closeReason: String?
        public var pingsSent: Int
        public var pongsReceived: Int
        /// Every message from the client: pings, pongs and control messages.
        public var clientMessages: Int
        public var tradesSent: Int
        /// Trades the connection was subscribed to but never received whole (stalls, truncated frames).
        public var tradesLost: Int
        /// Whether an injected stall is holding the connection's trades back right now.
        public var stalled: Bool
    }

    /// `running`, `paused` or `stopped`: the wall-clock generator's state.
    public var generator: String
    public var port: Int?
    public var symbols: [SymbolState]
    public var connections: [Connection]
    public var faultsApplied: [String: Int]
    public var faultsPending: Int
    /// Connections closed with 1008 because the client sent more than the allowed messages in a second.
    public var rateLimitCloses: Int
    /// `GET /fapi/v1/aggTrades` requests answered (any status), and the trades they returned.
    public var restCalls: Int
    public var restTradesServed: Int
    /// REST weight used in the current minute.
    public var usedWeight: Int
}
