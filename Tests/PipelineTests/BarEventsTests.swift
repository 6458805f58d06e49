// SPDX-License-Identifier: Apache-2.0
import MarketData
import Synchronization
import Testing

@testable import Pipeline

private func bars(_ range: Range<Int>) -> [Bar] {
    range.map { Bar(symbol: "BTCUSDT", timeframe: Timeframe("1s")!, startMs: Int64($0) * 1_000, open: 1, high: 1, low: 1, close: 1, volume: 0, trades: 0) }
}

/// Yields until `condition` holds, at most `limit` times.
private func eventually(_ limit: Int = 100_000, _ condition: () -> Bool) async -> Bool {
    for _ in 0..<limit where !condition() { await Task.yield() }
    return condition()
}

@Test func barEvents_whenASubscriberFallsBehind_holdsThePublisherUntilItCatchesUp() async throws {
    let events = BarEvents(capacity: 10)
    let subscription = events.subscribe()
    let released = Mutex(false)
    events.publish(bars(0..<25))
    #expect(subscription.unread == 25)
    let publisher = Task {
        await events.waitForRoom()
        released.withLock { $0 = true }
    }
    var iterator = subscription.makeAsyncIterator()
    for expected in 0..<14 {
        #expect(await iterator.next()?.startMs == Int64(expected) * 1_000)
        // Still more than `capacity` unread: the publisher must wait.
        #expect(!released.withLock { $0 }, "released with \(subscription.unread) unread")
    }
    #expect(await iterator.next()?.startMs == 14_000)
    #expect(await eventually { released.withLock { $0 } })
    await publisher.value
    #expect(subscription.unread == 10)
}

@Test func barEvents_whenTheSubscriberCancels_releasesWaitingPublishersAndIsForgotten() async throws {
    let events = BarEvents(capacity: 2)
    let subscription = events.subscribe()
    events.publish(bars(0..<5))
    let publisher = Task { await events.waitForRoom() }
    subscription.cancel()
    await publisher.value
    var iterator = subscription.makeAsyncIterator()
    #expect(await iterator.next() == nil)
    events.publish(bars(5..<6))
    await events.waitForRoom()
}

@Test func barEvents_whenFinished_deliversWhatIsQueuedThenEnds() async throws {
    let events = BarEvents()
    let subscription = events.subscribe()
    events.publish(bars(0..<3))
    events.finish()
    var received: [Int64] = []
    for await bar in subscription { received.append(bar.startMs) }
    #expect(received == [0, 1_000, 2_000])
}
