// SPDX-License-Identifier: Apache-2.0
import MarketData
import Synchronization
import TestSupport
import Testing

@testable import Feeds

private let symbols = ["BTCUSDT", "ETHUSDT"]
private let startMs: Int64 = 1_000_000

/// A batch as the handler saw it, with the clock's time (milliseconds since the feed started) at delivery.
private struct Delivery {
    var clockMs: Int64
    var trades: [Trade]
}

/// Runs a feed on a manual clock for `milliseconds` of clock time, recording each batch with the clock's time at
/// delivery, then stops it. The clock moves one millisecond at a time once the feed sleeps, so it stands still while
/// the feed delivers. Every wait is bounded: a feed that stops sleeping or ignores cancellation fails the test
/// instead of hanging it.
private func run(seed: UInt64, milliseconds: Int, statistics: FeedStatistics = FeedStatistics()) async throws -> [Delivery] {
    let clock = ManualClock()
    let deliveries = Mutex<[Delivery]>([])
    let feed = SimulatedFeed(
        symbols: symbols, seed: seed, tradesPerSecond: 50, clock: clock, startTimeMs: { startMs }, statistics: statistics,
        logger: LogRecorder().logger
    ) { batch in
        let clockMs = Int64((clock.now.offset / .milliseconds(1)).rounded())
        deliveries.withLock { $0.append(Delivery(clockMs: clockMs, trades: batch)) }
    }
    let task = Task { try await feed.run() }
    for _ in 0..<milliseconds {
        try await clock.waitForSleepers(1)
        await clock.advance(by: .milliseconds(1))
    }
    try await clock.waitForSleepers(1)
    task.cancel()
    try await withTimeout(.seconds(60), "the simulated feed after cancellation") { try await task.value }
    #expect(clock.now.offset == .milliseconds(milliseconds))
    return deliveries.withLock { $0 }
}

@Test func feed_whenClockAdvances_deliversTheTradesDueByTheClockAndNoLaterOnes() async throws {
    let deliveries = try await run(seed: 5, milliseconds: 2_000)
    let all = deliveries.flatMap(\.trades)
    // Exactly the market's trades up to the clock's two seconds, in order: nothing early, nothing held back.
    var market = SimulatedMarket(symbols: symbols, seed: 5, tradesPerSecond: 50, startTimeMs: startMs)
    var expected: [Trade] = []
    while true {
        let trade = market.next()
        guard market.nextTimeMs <= Double(startMs + 2_000) else { break }
        expected.append(trade)
    }
    #expect(expected.count > 60 && expected.count < 140)
    #expect(all == expected)
    #expect(Set(all.map(\.symbol)) == Set(symbols))
    // Each batch holds the trades that fell due since the previous one, stamped at or before the clock's time.
    var previousMs: Int64 = 0
    for delivery in deliveries {
        #expect(!delivery.trades.isEmpty)
        #expect(delivery.clockMs > previousMs)
        #expect(delivery.trades.allSatisfy { $0.timeMs >= startMs + previousMs && $0.timeMs <= startMs + delivery.clockMs })
        previousMs = delivery.clockMs
    }
}

@Test func feed_whenRunTwiceWithTheSameSeed_deliversTheSameTrades() async throws {
    let first = try await run(seed: 9, milliseconds: 1_000).flatMap(\.trades)
    let second = try await run(seed: 9, milliseconds: 1_000).flatMap(\.trades)
    let other = try await run(seed: 10, milliseconds: 1_000).flatMap(\.trades)
    #expect(!first.isEmpty)
    #expect(first == second)
    #expect(first != other)
}

@Test func feed_whenCancelledWhileAsleep_returnsWithoutErrorAndLeavesNoSleeper() async throws {
    let clock = ManualClock()
    let delivered = Mutex(0)
    let feed = SimulatedFeed(symbols: ["BTCUSDT"], seed: 1, tradesPerSecond: 10, clock: clock, logger: LogRecorder().logger) { batch in
        delivered.withLock { $0 += batch.count }
    }
    let task = Task { try await feed.run() }
    try await clock.waitForSleepers(1)
    await clock.advance(by: .seconds(1))
    try await clock.waitForSleepers(1)
    task.cancel()
    try await withTimeout(.seconds(60), "the simulated feed after cancellation") { try await task.value }
    #expect(clock.sleepers == 0)
    #expect(delivered.withLock { $0 } > 0)
}

@Test func feed_whenTheHandlerThrows_stopsWithTheHandlersError() async throws {
    struct Refused: Error {}
    let clock = ManualClock()
    let feed = SimulatedFeed(symbols: symbols, seed: 2, tradesPerSecond: 50, clock: clock, logger: LogRecorder().logger) { _ in throw Refused() }
    let task = Task { try await feed.run() }
    try await clock.waitForSleepers(1)
    await clock.advance(by: .seconds(1))
    await #expect(throws: Refused.self) {
        try await withTimeout(.seconds(60), "the simulated feed after its handler threw") { try await task.value }
    }
}

@Test func feed_whenRunning_reportsItsConnectionMessagesAndLagToTheFeedStatistics() async throws {
    let statistics = FeedStatistics()
    let deliveries = try await run(seed: 9, milliseconds: 500, statistics: statistics)
    let snapshot = statistics.snapshot
    let trades = deliveries.reduce(0) { $0 + $1.trades.count }
    #expect(trades > 0)
    #expect(snapshot.messages == UInt64(trades) && snapshot.lagCount == UInt64(trades))
    #expect(snapshot.connects == 1)
    // Stopped: the connection is down, without a problem to report, and its last message was within the run.
    #expect(snapshot.connections["simulate"]?.up == false && snapshot.connections["simulate"]?.problem == nil)
    #expect((startMs...startMs + 500).contains(snapshot.connections["simulate"]?.lastMessageMs ?? 0))
    // Delivered when due on a clock that moves a millisecond at a time: no lag above the first bucket (5 ms).
    #expect(snapshot.lagCounts.first == UInt64(trades))
}
