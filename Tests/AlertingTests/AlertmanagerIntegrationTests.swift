// SPDX-License-Identifier: Apache-2.0
import Alerting
import AsyncHTTPClient
import Foundation
import TestSupport
import Testing

private typealias Fixtures = NotifierFixtures

private func isPairwatchAlert(_ alert: [String: Any]) -> Bool {
    (alert["labels"] as? [String: String]) == Fixtures.labels
}

@Test(.enabled(if: AlertmanagerServer.isInstalled, "needs \(AlertmanagerServer.binary)"))
func alertmanager_whenARealAlertmanagerIsPushedToFiringThenResolved_listsTheAlertActiveThenDropsIt() async throws {
    let alertmanager = try AlertmanagerServer()
    defer { alertmanager.stop() }
    let client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: .notifiers)
    do {
        try await withTimeout(.seconds(90), "the real alertmanager round trip") {
            try await alertmanager.waitUntilReady()
            let notifier = AlertmanagerNotifier(
                name: "am", url: alertmanager.baseURL, timeout: .seconds(5), externalURL: Fixtures.externalURL,
                resendHorizon: .seconds(240), client: client, nowMs: { Fixtures.wallClockMs() }
            )
            let startsAtMs = Fixtures.wallClockMs() - 60_000
            var firing = Fixtures.firing()
            firing.startsAtMs = startsAtMs
            #expect(await notifier.send(firing, idempotencyKey: "k") == .delivered)
            let listed = try await alertmanager.waitForActive("the alert active") { alerts in
                alerts.contains { isPairwatchAlert($0) && ($0["status"] as? [String: Any])?["state"] as? String == "active" }
            }
            let alert = try #require(listed.first(where: isPairwatchAlert))
            #expect(alert["annotations"] as? [String: String] == Fixtures.annotations)
            #expect(alert["generatorURL"] as? String == "http://127.0.0.1:9184/api/v1/alerts")
            // Alertmanager's own fingerprint of the labels is the one pairwatch computes.
            #expect(alert["fingerprint"] as? String == alertFingerprint(Fixtures.labels))
            var resolved = Fixtures.resolved(endsAtMs: Fixtures.wallClockMs())
            resolved.startsAtMs = startsAtMs
            #expect(await notifier.send(resolved, idempotencyKey: "k2") == .delivered)
            _ = try await alertmanager.waitForActive("the alert gone") { alerts in
                !alerts.contains(where: isPairwatchAlert)
            }
        }
    } catch {
        try? await client.shutdown()
        throw error
    }
    try await client.shutdown()
}
