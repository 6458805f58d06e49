// SPDX-License-Identifier: Apache-2.0
import Synchronization

/// Why a feed connection was replaced, the `reason` label of `pairwatch_feed_reconnects_total`.
public enum ReconnectReason: String, Sendable, CaseIterable {
    /// The server closed the connection (or the stream ended).
    case closed
    /// Connecting failed or the connection failed (DNS, TLS, HTTP status, socket error).
    case error
    /// The socket stayed open but delivered no trade for `feed.binance.stale_after`.
    case stale
    /// Planned replacement before Binance's 24-hour connection limit.
    case rotate
}

/// Counters and gauges of the trade feeds, written by whichever feed runs and read by the exporter at each scrape.
///
/// Every source (Binance, replay, simulator) reports here, so the feed families exist whatever `feed.source` is.
public final class FeedStatistics: Sendable {
    /// Upper bounds of the lag histogram (receive time − event time), in seconds.
    public static let lagBuckets: [Double] = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30]

    public struct Connection: Sendable, Equatable {
        public var up = false
        /// Receive time of the latest message, milliseconds since the epoch; nil before the first one.
        public var lastMessageMs: Int64?
        /// Why the connection is down, in words, for the landing page; nil while it is up.
        public var problem: String?
        /// Receive time minus event time of the latest trade received, in seconds; nil before the first one.
        public var lagSeconds: Double?

        public init(up: Bool = false, lastMessageMs: Int64? = nil, problem: String? = nil, lagSeconds: Double? = nil) {
            self.up = up
            self.lastMessageMs = lastMessageMs
            self.problem = problem
            self.lagSeconds = lagSeconds
        }
    }

    public struct Snapshot: Sendable, Equatable {
        public var connections: [String: Connection] = [:]
        public var connects: UInt64 = 0
        public var reconnects: [ReconnectReason: UInt64] = [:]
        public var messages: UInt64 = 0
        public var decodeErrors: UInt64 = 0
        public var lagCounts = [UInt64](repeating: 0, count: FeedStatistics.lagBuckets.count)
        public var lagSum = 0.0
        public var lagCount: UInt64 = 0
        public var backfilled: [String: UInt64] = [:]
        public var gaps: [String: UInt64] = [:]
    }

    private let state = Mutex(Snapshot())

    public init() {}

    public var snapshot: Snapshot { state.withLock { $0 } }

    /// Makes the per-symbol series exist at 0 (so a dashboard shows "no gaps" rather than "no data").
    public func declare(symbols: [String]) {
        state.withLock { state in
            for symbol in symbols {
                state.backfilled[symbol, default: 0] += 0
                state.gaps[symbol, default: 0] += 0
            }
        }
    }

    /// Forgets every connection, as a feed that is replaced by another one (at a reload) does.
    public func resetConnections() {
        state.withLock { $0.connections = [:] }
    }

    public func connected(_ connection: String) {
        state.withLock { state in
            state.connects += 1
            state.connections[connection, default: Connection()].up = true
            state.connections[connection]?.problem = nil
        }
    }

    /// Marks `connection` down, saying why in words (nil when it ended as planned).
    public func disconnected(_ connection: String, problem: String?) {
        state.withLock { state in
            state.connections[connection, default: Connection()].up = false
            state.connections[connection]?.problem = problem
        }
    }

    public func reconnecting(_ reason: ReconnectReason) {
        state.withLock { $0.reconnects[reason, default: 0] += 1 }
    }

    /// Counts `count` messages received on `connection` at `receivedMs`, with the lags of the trades among them.
    public func received(_ count: Int, on connection: String, at receivedMs: Int64, lagsSeconds: some Sequence<Double> = EmptyCollection()) {
        state.withLock { state in
            state.messages += UInt64(count)
            state.connections[connection, default: Connection()].lastMessageMs = receivedMs
            var latest: Double?
            for lag in lagsSeconds {
                latest = lag
                state.lagCount += 1
                state.lagSum += lag
                for (index, bound) in Self.lagBuckets.enumerated() where lag <= bound { state.lagCounts[index] += 1 }
            }
            if let latest { state.connections[connection]?.lagSeconds = latest }
        }
    }

    public func decodeFailed() {
        state.withLock { $0.decodeErrors += 1 }
    }

    public func backfilled(_ count: Int, symbol: String) {
        state.withLock { $0.backfilled[symbol, default: 0] += UInt64(count) }
    }

    public func gap(symbol: String) {
        state.withLock { $0.gaps[symbol, default: 0] += 1 }
    }
}
