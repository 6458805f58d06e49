// SPDX-License-Identifier: Apache-2.0
import AsyncHTTPClient
import Foundation
import Logging
import MarketData
import ServiceLifecycle

/// The live Binance USD-M futures feed: aggregate trades of every symbol over combined WebSocket streams, made
/// gapless by REST backfill.
///
/// Symbols are split into connections of at most `maxStreamsPerConnection` (`binance-0`, `binance-1`, …). Each
/// connection reconnects with full-jitter backoff, is replaced when silent for `staleAfter` and rotated after
/// `rotateAfter`. After every (re)connect, and whenever a stream skips ids, the missing trades are fetched over REST
/// from the last delivered id (`resumeFrom` at start-up; for a symbol with none, from the first id at or after its
/// first connection's opening, looked up once its first trade arrives); every id reaches the handler once, ids older
/// than REST's 48-hour history are reported as gaps. Being offline is not an error: `run()` keeps retrying and says
/// why in the statistics, and returns on cancellation or graceful shutdown. It throws only what the handler throws.
public struct BinanceFeed<C: Clock<Duration>>: TradeFeed {
    public let name = "binance"
    private let symbols: [String]
    private let settings: BinanceFeedSettings
    private let resumeFrom: [String: Int64]
    private let clock: C
    private let nowMs: @Sendable () -> Int64
    private let statistics: FeedStatistics
    private let recorder: FrameRecorder?
    private let seed: UInt64
    private let logger: Logger
    private let handler: TradeHandler

    /// - Parameters:
    ///   - symbols: Binance symbols, upper case (`BTCUSDT`).
    ///   - resumeFrom: each symbol's last stored aggregate trade id; the feed fetches from the next one on.
    ///   - nowMs: wall time in milliseconds since the epoch, for receive timestamps and lags.
    ///   - seed: seeds the reconnect jitter (tests pass one to replay a schedule).
    public init(
        symbols: [String], settings: BinanceFeedSettings = BinanceFeedSettings(), resumeFrom: [String: Int64] = [:], clock: C,
        nowMs: @escaping @Sendable () -> Int64 = { Int64(Date().timeIntervalSince1970 * 1_000) },
        statistics: FeedStatistics, recorder: FrameRecorder? = nil, seed: UInt64 = UInt64.random(in: .min ... .max),
        logger: Logger = Logger(label: "pairwatch.feed.binance"), handler: @escaping TradeHandler
    ) {
        self.symbols = symbols.map { $0.uppercased() }
        self.settings = settings
        self.resumeFrom = resumeFrom
        self.clock = clock
        self.nowMs = nowMs
        self.statistics = statistics
        self.recorder = recorder
        self.seed = seed
        self.logger = logger
        self.handler = handler
    }

    public func run() async throws {
        statistics.declare(symbols: symbols)
        logger.info(
            "binance feed started",
            metadata: ["symbols": "\(symbols.count)", "websocket": "\(settings.websocketURL)", "rest": "\(settings.restURL)"]
        )
        let http = HTTPClient(eventLoopGroupProvider: .singleton)
        do {
            try await cancelWhenGracefulShutdown { try await runConnections(http) }
        } catch is CancellationError {
            logger.info("binance feed stopped")
        } catch {
            try? await http.shutdown()
            throw error
        }
        try await http.shutdown()
    }

    /// Runs every connection, the backfill and the delivery loop until one fails (only the handler can) or the task
    /// is cancelled.
    private func runConnections(_ http: HTTPClient) async throws {
        let queue = DeliveryQueue(tracker: GapTracker(symbols: symbols, resumeFrom: resumeFrom))
        let connections = makeConnections(queue: queue)
        let backfiller = Backfiller(client: makeClient(http), queue: queue, statistics: statistics, clock: clock, logger: logger)
        try await withThrowingTaskGroup(of: Void.self) { [handler] group in
            for (index, connection) in connections.enumerated() {
                group.addTask { try await ConnectionSlot(connection: connection, seed: seed &+ UInt64(index)).run() }
            }
            group.addTask { try await backfiller.run() }
            group.addTask {
                while true { try await handler(try await queue.next()) }
            }
            try await group.next()
            group.cancelAll()
        }
    }

    private func makeConnections(queue: DeliveryQueue) -> [BinanceConnection<C>] {
        let decodeFailures = DecodeFailureLog(clock: clock, logger: logger)
        return settings.connectionGroups(symbols).enumerated().map { index, group in
            BinanceConnection(
                name: "binance-\(index)", symbols: group, settings: settings, clock: clock, nowMs: nowMs, statistics: statistics,
                recorder: recorder, queue: queue, decodeFailures: decodeFailures, logger: logger
            )
        }
    }

    private func makeClient(_ http: HTTPClient) -> AggTradesClient<C> {
        AggTradesClient(
            httpClient: http, baseURL: settings.restURL, pageLimit: settings.restPageLimit, weightPerMinute: settings.restWeightPerMinute,
            initialBackoff: settings.initialBackoff, maximumBackoff: settings.maximumBackoff, seed: seed ^ 0xBAC4_F111,
            clock: clock, recorder: recorder, nowMs: nowMs, logger: logger
        )
    }
}
