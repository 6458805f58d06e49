// SPDX-License-Identifier: Apache-2.0
import Alerting
import Testing
import TestSupport

/// Alerting end to end inside the process: rules evaluated on a manual clock, transitions stored with their
/// notifications, delivery through the outbox, restarts and reloads.
struct AlertingServiceTests {
    /// `feed_stale_seconds > 60`, clearing below 30: driven by the staleness the harness sets.
    static func staleRule(forMs: Int64 = 0, threshold: Double = 60) -> AlertRule {
        AlertRule(
            name: "FeedStale", metric: .feedStaleSeconds, comparison: .greater, threshold: threshold, clear: 30, forMs: forMs, severity: "critical",
            labels: ["team": "quant"], annotations: ["summary": "{{pair}} {{timeframe}} silent for {{value}}s"])
    }

    @Test func service_whenConditionHoldsThenClears_firesOnceAndResolvesOnce() async throws {
        let harness = try AlertingHarness()
        let hook = ScriptedNotifier()
        let task = try await harness.start(harness.service([Self.staleRule()], [hook]))
        try await fireStaleAlert(harness, hook)
        harness.setStale(45)
        try await harness.tick()
        harness.setStale(10)
        try await harness.tick()
        try await eventually("resolved delivered") { hook.delivered.count == 2 }
        await harness.stop(task)
        let sent = hook.delivered.map(\.notification)
        #expect(sent.map(\.status) == [.firing, .resolved])
        #expect(sent[0].labels == ["alertname": "FeedStale", "pair": "BTCUSDT/ETHUSDT", "timeframe": "1m", "severity": "critical", "team": "quant"])
        #expect(sent[0].annotations == ["summary": "BTCUSDT/ETHUSDT 1m silent for 100s", "value": "100", "threshold": "60"])
        #expect(sent[0].startsAtMs == 1_800_000_010_000)
        #expect(sent[1].endsAtMs == 1_800_000_030_000)
        #expect(sent[1].startsAtMs == sent[0].startsAtMs)
        #expect(sent[0].fingerprint == alertFingerprint(sent[0].labels))
        #expect(Set(hook.delivered.map(\.key)).count == 2)
        let counts = harness.statistics.snapshot
        #expect(counts.transitions["FeedStale"]?[.firing] == 1)
        #expect(counts.transitions["FeedStale"]?[.resolved] == 1)
        #expect(counts.notifications["hook"]?[.delivered] == 2)
        #expect(counts.outboxPending["hook"] == 0)
        #expect(counts.latencyCount == 2)
        #expect(try harness.store.alerts().isEmpty)
        #expect(try harness.store.outboxCounts().isEmpty)
    }

    @Test func service_whenRestartedWhilePending_keepsTheStartAndFiresOnce() async throws {
        let harness = try AlertingHarness()
        let rule = Self.staleRule(forMs: 60_000)
        let hook = ScriptedNotifier()
        var task = try await harness.start(harness.service([rule], [hook]))
        harness.setStale(100)
        try await harness.tick()
        try await eventually("pending stored") { (try? harness.store.alerts().first?.state) == .pending }
        await harness.stop(task)
        let restarted = harness.service([rule], [hook])
        task = try await harness.start(restarted)
        let listed = await restarted.listing().alerts
        #expect(listed.map(\.state) == [.pending])
        #expect(listed.first?.activeSinceMs == 1_800_000_010_000)
        await harness.advance(seconds: 60)
        try await eventually("firing delivered") { hook.delivered.count == 1 }
        #expect(hook.delivered.first?.notification.startsAtMs == 1_800_000_070_000)
        await harness.stop(task)
    }

    @Test func service_whenRestartedWhileFiring_neitherRefiresNorForgets() async throws {
        let harness = try AlertingHarness()
        let hook = ScriptedNotifier()
        var task = try await harness.start(harness.service([Self.staleRule()], [hook]))
        try await fireStaleAlert(harness, hook)
        await harness.stop(task)
        let restarted = harness.service([Self.staleRule()], [hook])
        task = try await harness.start(restarted)
        try await harness.tick()
        try await harness.tick()
        #expect(await restarted.listing().alerts.map(\.state) == [.firing])
        #expect(hook.sent.count == 1)
        harness.setStale(0)
        try await harness.tick()
        try await eventually("resolved delivered") { hook.delivered.count == 2 }
        #expect(hook.delivered.map(\.notification.status) == [.firing, .resolved])
        #expect(hook.delivered[1].notification.startsAtMs == hook.delivered[0].notification.startsAtMs)
        await harness.stop(task)
    }

    @Test func service_whenRestartedWhileInactive_startsClean() async throws {
        let harness = try AlertingHarness()
        let hook = ScriptedNotifier()
        var task = try await harness.start(harness.service([Self.staleRule()], [hook]))
        try await harness.tick()
        await harness.stop(task)
        let restarted = harness.service([Self.staleRule()], [hook])
        task = try await harness.start(restarted)
        try await harness.tick()
        #expect(await restarted.listing().alerts.isEmpty)
        #expect(hook.sent.isEmpty)
        await harness.stop(task)
    }

    @Test func delivery_whenReceiverIsDownAcrossARestart_deliversEveryNotificationInOrderWithStableKeys() async throws {
        let harness = try AlertingHarness()
        let hook = ScriptedNotifier()
        hook.setDown(.retry(reason: "connection refused", after: nil))
        var task = try await harness.start(harness.service([Self.staleRule()], [hook]))
        for stale in [100.0, 0, 100, 0] {
            harness.setStale(stale)
            try await harness.tick()
        }
        #expect(try harness.store.outboxCounts() == ["hook": 4])
        try await eventually("a first attempt") { !hook.sent.isEmpty }
        await harness.stop(task)
        let attemptsBefore = hook.sent.count
        task = try await harness.start(harness.service([Self.staleRule()], [hook]))
        try await eventually("retried after restart") { hook.sent.count > attemptsBefore }
        hook.setDown(nil)
        try await harness.advance(until: "all delivered") { hook.delivered.count == 4 }
        await harness.stop(task)
        #expect(hook.delivered.map(\.notification.status) == [.firing, .resolved, .firing, .resolved])
        let keysTried = Dictionary(grouping: hook.sent, by: \.key)
        #expect(keysTried.count == 4, "one idempotency key per notification, kept across retries and the restart")
        #expect(hook.sent.first?.key == hook.delivered.first?.key)
        #expect((harness.statistics.snapshot.notifications["hook"]?[.failed] ?? 0) >= 2)
    }

    @Test func delivery_whenReceiverRejects_dropsCountsAndGoesOn() async throws {
        let harness = try AlertingHarness()
        let hook = ScriptedNotifier()
        hook.answer([.rejected(reason: "HTTP 404")])
        let task = try await harness.start(harness.service([Self.staleRule()], [hook]))
        harness.setStale(100)
        try await harness.tick()
        harness.setStale(0)
        try await harness.tick()
        try await eventually("resolved delivered") { hook.delivered.count == 1 }
        await harness.stop(task)
        #expect(hook.sent.count == 2)
        #expect(hook.delivered.map(\.notification.status) == [.resolved])
        #expect(harness.statistics.snapshot.notifications["hook"]?[.rejected] == 1)
        #expect(harness.logs.messages(atLeast: .error) == ["receiver refused a notification; it is dropped"])
    }

    @Test func delivery_whenOlderThanMaxAge_dropsAsExpired() async throws {
        let harness = try AlertingHarness()
        let hook = ScriptedNotifier()
        hook.setDown(.retry(reason: "HTTP 503", after: nil))
        let task = try await harness.start(harness.service([Self.staleRule()], [hook], maxAgeMs: 30_000))
        harness.setStale(100)
        try await harness.tick()
        try await harness.advance(until: "expired") { harness.statistics.snapshot.notifications["hook"]?[.expired] == 1 }
        await harness.stop(task)
        #expect(hook.delivered.isEmpty)
        #expect(try harness.store.outboxCounts().isEmpty)
        #expect(harness.logs.messages(atLeast: .warning).contains("dropped a notification older than alerting.max_notification_age"))
    }

    @Test func reconfigure_whenRuleIsRemoved_resolvesItsAlertOnce() async throws {
        let harness = try AlertingHarness()
        let hook = ScriptedNotifier()
        let service = harness.service([Self.staleRule()], [hook])
        let task = try await harness.start(service)
        try await fireStaleAlert(harness, hook)
        await service.reconfigure(rules: [], notifiers: [hook])
        try await eventually("resolved delivered") { hook.delivered.count == 2 }
        try await harness.tick()
        await harness.stop(task)
        #expect(hook.delivered.map(\.notification.status) == [.firing, .resolved])
        #expect(await service.listing().alerts.map(\.state) == [.resolved])
    }

    @Test func reconfigure_whenThresholdIsEdited_keepsTheFiringAlert() async throws {
        let harness = try AlertingHarness()
        let hook = ScriptedNotifier()
        let service = harness.service([Self.staleRule()], [hook])
        let task = try await harness.start(service)
        try await fireStaleAlert(harness, hook)
        await service.reconfigure(rules: [Self.staleRule(threshold: 90)], notifiers: [hook])
        try await harness.tick()
        await harness.stop(task)
        #expect(hook.sent.count == 1)
        #expect(await service.listing().alerts.map(\.state) == [.firing])
        #expect(harness.statistics.snapshot.active["FeedStale"] == AlertingStatistics.ActiveCount(pending: 0, firing: 1))
    }
}

/// When evaluation happens: after each reading, and never on a series that has none yet.
struct AlertEvaluationTriggerTests {
    static let anyZ = AlertRule(name: "ZscoreSeen", metric: .absZscore, comparison: .greaterOrEqual, threshold: 0)

    @Test func evaluation_whenReadingIsPublished_firesWithoutWaitingForTheInterval() async throws {
        let harness = try AlertingHarness()
        let hook = ScriptedNotifier()
        let task = try await harness.start(harness.service([Self.anyZ], [hook]))
        harness.publishReading()
        try await eventually("firing delivered") { hook.delivered.count == 1 }
        await harness.stop(task)
        let value = try #require(hook.delivered.first?.notification.value)
        #expect(value > 0 && value < 5)
    }

    @Test func evaluation_whenSeriesHasNoReadingYet_keepsARestoredFiringAlert() async throws {
        let harness = try AlertingHarness()
        let hook = ScriptedNotifier()
        var task = try await harness.start(harness.service([Self.anyZ], [hook]))
        harness.publishReading()
        try await eventually("firing delivered") { hook.delivered.count == 1 }
        await harness.stop(task)
        // A new board, as after a restart before the monitor restored the series.
        let restarted = try AlertingHarness(sharing: harness)
        let service = restarted.service([Self.anyZ], [hook])
        task = try await restarted.start(service)
        try await restarted.tick()
        #expect(await service.listing().alerts.map(\.state) == [.firing])
        restarted.publishReading()
        try await restarted.tick()
        await restarted.stop(task)
        #expect(hook.sent.count == 1)
    }
}

/// A reload that arrives as the service starts, before it took up the stored alerts.
@Test func reconfigure_whenCalledBeforeTheServiceRuns_neitherRefiresNorDeliversTwice() async throws {
    let harness = try AlertingHarness()
    let hook = ScriptedNotifier()
    var task = try await harness.start(harness.service([AlertingServiceTests.staleRule()], [hook]))
    try await fireStaleAlert(harness, hook)
    await harness.stop(task)
    let restarted = harness.service([AlertingServiceTests.staleRule()], [hook])
    await restarted.reconfigure(rules: [AlertingServiceTests.staleRule()], notifiers: [hook])
    task = try await harness.start(restarted)
    try await harness.tick()
    await harness.stop(task)
    #expect(hook.sent.count == 1)
    #expect(harness.statistics.snapshot.transitions["FeedStale"]?[.firing] == 1)
}

/// Makes the feed stale past `staleRule()`'s threshold and waits until its firing notification is delivered.
private func fireStaleAlert(_ harness: AlertingHarness, _ hook: ScriptedNotifier) async throws {
    harness.setStale(100)
    try await harness.tick()
    try await eventually("firing delivered") { hook.delivered.count == 1 }
}
