// SPDX-License-Identifier: Apache-2.0
import Foundation
import TestSupport
import Testing

/// A configuration whose legs' trades come from `trades` (replayed at once), with `FeedStale` (more than 5 s since
/// the staler leg's last trade) telling the webhook `ops`.
private func staleConfig(_ folder: TemporaryDirectory, trades: String, hookPort: Int) throws -> String {
    let file = folder.file("trades-\(UUID().uuidString).csv")
    try ("timestamp,symbol,price,size\n" + trades).write(toFile: file, atomically: true, encoding: .utf8)
    return try temporaryConfig(
        """
        storage: {path: \(folder.file("pairwatch.db")), retention: 5000d, bar_retention: 5000d}
        feed: {source: replay, replay: {file: \(file), speed: 0}}
        timeframes: [1m]
        pairs: [{a: BTCUSDT, b: ETHUSDT, window: 20, zscore_window: 10}]
        alerting:
          evaluation_interval: 1s
          rules: [{alert: FeedStale, metric: feed_stale_seconds, op: ">", threshold: 5}]
          receivers:
            \(opsWebhook(port: hookPort))
        """, in: folder, name: "stale-\(UUID().uuidString).yml")
}

extension AlertingEndToEndTests {
    /// The legs last traded 10 s ago, then the daemon restarts with a feed that stays silent for them: the stored
    /// trades still say how stale the feed is, so the alert keeps firing, and nobody is told anything new.
    @Test func feedStale_whenRestartedWhileTheFeedStaysSilent_keepsFiringWithoutNotifyingAgain() async throws {
        let folder = try TemporaryDirectory("pairwatch-alert-restart")
        defer { folder.remove() }
        let receiver = RecordingReceiver()
        let hookPort = try await receiver.start()
        do {
            try await withTimeout(.seconds(60), "a stale feed across a restart") {
                try await Self.restartWhileSilent(folder, receiver: receiver, hookPort: hookPort)
            }
        } catch {
            await receiver.stop()
            throw error
        }
        await receiver.stop()
    }

    private static func restartWhileSilent(_ folder: TemporaryDirectory, receiver: RecordingReceiver, hookPort: Int) async throws {
        let tenSecondsAgo = Int64(Date().timeIntervalSince1970 * 1_000) - 10_000
        let legs = "\(tenSecondsAgo),BTCUSDT,150.5,1\n\(tenSecondsAgo + 1),ETHUSDT,97.25,1\n"
        let (first, firstPort) = try await RunningPairwatch.serve(["--config.file", try staleConfig(folder, trades: legs, hookPort: hookPort)])
        defer { first.stop() }
        let requests = try await receiver.waitUntil("the alert firing") { $0.contains { $0.status == "firing" } }
        let firedValue = try #require(
            ((requests.first?.json["alerts"] as? [[String: Any]])?.first?["annotations"] as? [String: String])?["value"].flatMap(Double.init))
        #expect(firedValue > 5)
        _ = try await scrapeUntil(port: firstPort) { $0["pairwatch_notification_outbox_pending{receiver=\"ops\"}"] == 0 }
        first.signal(SIGTERM)
        #expect(await first.waitForExit() == 0)

        let silent = "\(tenSecondsAgo + 2),XRPUSDT,0.61,1\n"
        let (second, port) = try await RunningPairwatch.serve(["--config.file", try staleConfig(folder, trades: silent, hookPort: hookPort)])
        defer { second.stop() }
        // An evaluation after the restart measured the staleness from the stored trades: more than when it fired.
        let deadline = ContinuousClock.now + .seconds(20)
        var listed: [[String: Any]] = []
        while ContinuousClock.now < deadline {
            listed = try await listedAlerts(port: port)
            if let value = (listed.first?["value"] as? String).flatMap(Double.init), value > firedValue { break }
            try await Task.sleep(for: .milliseconds(100))
        }
        #expect(listed.count == 1, "\(listed)")
        #expect(listed.first?["state"] as? String == "firing", "\(listed)")
        #expect(((listed.first?["value"] as? String).flatMap(Double.init) ?? 0) > firedValue, "\(listed)")
        let samples = parseExposition(try await httpGet(port: port, path: "/metrics").body)
        #expect(samples["pairwatch_alert_transitions_total{alertname=\"FeedStale\",to=\"resolved\"}"] == 0)
        #expect(receiver.requests.map(\.status) == ["firing"])
    }
}
