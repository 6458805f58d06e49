// SPDX-License-Identifier: Apache-2.0
import Foundation
import Logging
import MarketData
import ServiceLifecycle

/// The simulated feed: trades of a `SimulatedMarket`, released in real time as their event time comes due.
///
/// Event times are the start time plus the elapsed time of the injected clock, so a test clock drives the
/// feed without waiting. Trades due together are delivered as one batch; the feed wakes at least every
/// `maxBatchDelay` so batches stay small at high rates.
public struct SimulatedFeed<C: Clock>: TradeFeed where C.Duration == Duration {
    public let name = "simulate"
    private let symbols: [String]
    private let seed: UInt64
    private let tradesPerSecond: Double
    private let clock: C
    private let startTimeMs: @Sendable () -> Int64
    private let handler: TradeHandler
    private let statistics: FeedStatistics?
    private let logger: Logger
    static var maxBatchDelay: Duration { .milliseconds(100) }

    public init(
        symbols: [String], seed: UInt64, tradesPerSecond: Double, clock: C,
        startTimeMs: @escaping @Sendable () -> Int64 = { Int64(Date().timeIntervalSince1970 * 1_000) },
        statistics: FeedStatistics? = nil, logger: Logger = Logger(label: "pairwatch.feed.simulate"),
        handler: @escaping TradeHandler
    ) {
        self.symbols = symbols
        self.seed = seed
        self.tradesPerSecond = tradesPerSecond
        self.clock = clock
        self.startTimeMs = startTimeMs
        self.statistics = statistics
        self.logger = logger
        self.handler = handler
    }

    public func run() async throws {
        let startMs = startTimeMs()
        let start = clock.now
        logger.info("simulated feed started", metadata: ["symbols": "\(symbols.joined(separator: ","))", "seed": "\(seed)"])
        statistics?.connected(name)
        defer { statistics?.disconnected(name, problem: nil) }
        // Shutdown and cancellation end the feed normally: the market is infinite, so stopping is its only end.
        do {
            try await produce(startMs: startMs, start: start)
        } catch is CancellationError {
            logger.debug("simulated feed stopped")
        }
    }

    private func produce(startMs: Int64, start: C.Instant) async throws {
        try await cancelWhenGracefulShutdown { [name, symbols, seed, tradesPerSecond, clock, statistics, handler] in
            var market = SimulatedMarket(symbols: symbols, seed: seed, tradesPerSecond: tradesPerSecond, startTimeMs: startMs)
            // `next()` draws a trade and moves `nextTimeMs` to its time, so the drawn trade waits here until it is due.
            var pending = market.next()
            var pendingMs = market.nextTimeMs
            while !Task.isCancelled {
                let dueMs = Double(startMs) + Self.milliseconds(start.duration(to: clock.now))
                var batch: [Trade] = []
                while pendingMs <= dueMs {
                    batch.append(pending)
                    pending = market.next()
                    pendingMs = market.nextTimeMs
                }
                if !batch.isEmpty {
                    // A simulated trade is "received" when it falls due: its lag is how late this wake-up was.
                    statistics?.received(batch.count, on: name, at: Int64(dueMs), lagsSeconds: batch.lazy.map { (dueMs - Double($0.timeMs)) / 1_000 })
                    try await handler(batch)
                }
                let untilNext = Duration.milliseconds(Int64((pendingMs - dueMs).rounded(.up)))
                try await clock.sleep(for: min(max(untilNext, .milliseconds(1)), Self.maxBatchDelay))
            }
        }
    }

    private static func milliseconds(_ duration: Duration) -> Double {
        let (seconds, attoseconds) = duration.components
        return Double(seconds) * 1_000 + Double(attoseconds) / 1e15
    }
}
