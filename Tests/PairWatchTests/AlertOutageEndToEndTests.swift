// SPDX-License-Identifier: Apache-2.0
import Foundation
import TestSupport
import Testing

/// A daemon whose pair legs never trade, so `feed_stale_seconds` counts from its start: the rule fires a second
/// after each start, and a restart resolves it (the count starts again) before it fires again. Transitions without
/// reloads, so the delivery worker is never restarted by one and its backoff stays short.
private struct StaleFixture {
    let folder: TemporaryDirectory
    let config: String

    init(hookPort: Int) throws {
        folder = try TemporaryDirectory("pairwatch-alert-outage")
        config = folder.file("pairwatch.yml")
        let trades = folder.file("trades.csv")
        try "timestamp,symbol,price,size\n1704067200000,XRPUSDT,0.61,1\n".write(toFile: trades, atomically: true, encoding: .utf8)
        try """
            storage: {path: \(folder.file("pairwatch.db")), retention: 5000d, bar_retention: 5000d}
            feed: {source: replay, replay: {file: \(trades), speed: 0}}
            timeframes: [1m]
            pairs: [{a: BTCUSDT, b: ETHUSDT, window: 20, zscore_window: 10}]
            alerting:
              evaluation_interval: 1s
              rules: [{alert: FeedStale, metric: feed_stale_seconds, op: ">", threshold: 1}]
              receivers:
                \(opsWebhook(port: hookPort, timeout: "1s"))
            """.write(toFile: config, atomically: true, encoding: .utf8)
    }
}

private let firing = "pairwatch_alerts{alertname=\"FeedStale\",state=\"firing\"}"
private let pending = "pairwatch_notification_outbox_pending{receiver=\"ops\"}"
private let failed = "pairwatch_notifications_total{receiver=\"ops\",result=\"failed\"}"
private let delivered = "pairwatch_notifications_total{receiver=\"ops\",result=\"delivered\"}"

extension AlertingEndToEndTests {
    /// The receiver refuses connections (nothing listens) while the alert fires, the daemon restarts (resolved,
    /// then firing again), then the receiver answers 500 and then not at all (beyond the 1 s timeout) before it
    /// recovers: every notification arrives once, in order, with the same idempotency key across its retries.
    @Test func outage_whenTheReceiverIsDownAcrossARestart_deliversEveryNotificationOnceInOrder() async throws {
        // Held, not listening: refused, and not taken meanwhile by another test's server binding port 0.
        let hook = try ReservedPort()
        let fixture = try StaleFixture(hookPort: hook.port)
        defer { fixture.folder.remove() }
        let receiver = RecordingReceiver()
        do {
            try await withTimeout(.seconds(90), "the outage with a restart") {
                try await Self.runOutage(fixture, receiver: receiver, hook: hook)
            }
        } catch {
            await receiver.stop()
            throw error
        }
        await receiver.stop()
    }

    private static func runOutage(_ fixture: StaleFixture, receiver: RecordingReceiver, hook: ReservedPort) async throws {
        let (first, firstPort) = try await RunningPairwatch.serve(["--config.file", fixture.config])
        defer { first.stop() }
        // Fired, and refused at least once.
        _ = try await scrapeUntil(port: firstPort, timeout: .seconds(20)) { $0[firing] == 1 && ($0[failed] ?? 0) >= 1 && $0[pending] == 1 }
        first.signal(SIGTERM)
        #expect(await first.waitForExit() == 0)

        let (second, port) = try await RunningPairwatch.serve(["--config.file", fixture.config])
        defer { second.stop() }
        // The restart resolves the restored alert, which fires again a second later; all three wait in the outbox.
        _ = try await scrapeUntil(port: port, timeout: .seconds(20)) { $0[firing] == 1 && $0[pending] == 3 }
        #expect(second.stderr.contains("alerts restored"))

        // Up at last: the first notification goes through, the second meets a 500 and a hang before it does.
        receiver.script([.status(200), .status(500), .hang])
        hook.release()
        #expect(try await receiver.start(port: hook.port) == hook.port)
        let samples = try await scrapeUntil(port: port, timeout: .seconds(40)) { $0[pending] == 0 && $0[delivered] == 3 }
        #expect((samples[failed] ?? 0) >= 3)

        let requests = receiver.requests
        let keys = requests.compactMap(\.idempotencyKey)
        #expect(keys.count == requests.count)
        let distinct = keys.reduce(into: [String]()) { if !$0.contains($1) { $0.append($1) } }
        #expect(distinct.count == 3)
        // Raw requests: the second notification three times (500, no answer, 200), each of the others once.
        #expect(keys == [distinct[0], distinct[1], distinct[1], distinct[1], distinct[2]], "\(keys)")
        #expect(requests.map(\.answered) == [200, 500, nil, 200, 200])
        let accepted = receiver.accepted
        #expect(accepted.map(\.idempotencyKey) == distinct)
        #expect(accepted.map(\.status) == ["firing", "resolved", "firing"])
        // A retry is the same notification: the same body, byte for byte.
        #expect(Set(requests.filter { $0.idempotencyKey == distinct[1] }.map(\.body)).count == 1)
        let fingerprints = Set(accepted.compactMap { ($0.json["alerts"] as? [[String: Any]])?.first?["fingerprint"] as? String })
        #expect(fingerprints.count == 1)
    }
}
