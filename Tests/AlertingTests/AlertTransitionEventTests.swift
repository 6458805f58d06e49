// SPDX-License-Identifier: Apache-2.0
import Synchronization
import TestSupport
import Testing

@testable import Alerting

@Test func transitions_whenAnAlertGoesPendingFiringResolved_areReportedOnceEachAfterBeingStored() async throws {
    let harness = try AlertingHarness()
    let reported = Mutex<[AlertTransitionEvent]>([])
    let stored = Mutex<[Int]>([])
    let rule = AlertRule(
        name: "FeedStale", metric: .feedStaleSeconds, comparison: .greater, threshold: 60, clear: 30, forMs: 20_000, severity: "critical")
    let service = harness.service([rule], []) { [store = harness.store] events in
        // Reported after the commit: the store already has the new state.
        stored.withLock { $0.append((try? store.alerts().count) ?? -1) }
        reported.withLock { $0 += events }
    }
    let task = try await harness.start(service)
    harness.setStale(100)
    try await harness.tick()
    try await harness.tick()
    try await harness.tick()
    harness.setStale(10)
    try await harness.tick()
    await harness.stop(task)
    let events = reported.withLock { $0 }
    #expect(events.map(\.to) == [.pending, .firing, .resolved])
    #expect(events.map(\.from) == [nil, .pending, .firing])
    #expect(events.map(\.value) == [100, 100, 10])
    #expect(events.map(\.atMs) == [1_800_000_010_000, 1_800_000_030_000, 1_800_000_040_000])
    #expect(events.allSatisfy { $0.alertname == "FeedStale" && $0.labels["pair"] == "BTCUSDT/ETHUSDT" && $0.fingerprint == alertFingerprint($0.labels) })
    #expect(stored.withLock { $0 } == [1, 1, 0])
}
