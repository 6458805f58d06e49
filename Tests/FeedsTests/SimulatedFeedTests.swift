// SPDX-License-Identifier: Apache-2.0
import MarketData
import Synchronization
import Testing

@testable import Feeds

private struct Enough: Error {}

@Test func feed_whenClockAdvances_deliversTheMarketsTradesInBatchesStampedByTheClock() async throws {
    let received = Mutex<[[Trade]]>([])
    let feed = SimulatedFeed(
        symbols: ["BTCUSDT", "ETHUSDT"], seed: 5, tradesPerSecond: 50, clock: ImmediateClock(), startTimeMs: { 1_000_000 }
    ) { batch in
        let total = received.withLock { batches in
            batches.append(batch)
            return batches.reduce(0) { $0 + $1.count }
        }
        if total >= 1_000 { throw Enough() }
    }
    await #expect(throws: Enough.self) { try await feed.run() }

    let batches = received.withLock { $0 }
    let all = batches.flatMap { $0 }
    var market = SimulatedMarket(symbols: ["BTCUSDT", "ETHUSDT"], seed: 5, tradesPerSecond: 50, startTimeMs: 1_000_000)
    #expect(all == all.map { _ in market.next() })
    // Batches are cut at most every 100 ms of clock time, so at 50 trades/s none holds many more than 5.
    #expect(batches.allSatisfy { !$0.isEmpty && $0.count < 20 })
}

@Test func feed_whenCancelled_returnsWithoutError() async throws {
    let feed = SimulatedFeed(symbols: ["BTCUSDT"], seed: 1, tradesPerSecond: 10, clock: ContinuousClock()) { _ in }
    let task = Task { try await feed.run() }
    try await Task.sleep(for: .milliseconds(50))
    task.cancel()
    try await task.value
}
