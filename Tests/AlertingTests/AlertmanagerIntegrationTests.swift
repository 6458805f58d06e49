// SPDX-License-Identifier: Apache-2.0
import Alerting
import AsyncHTTPClient
import Foundation
import TestSupport
import Testing

private typealias Fixtures = NotifierFixtures

/// The alerts Alertmanager lists at `query` (`/api/v2/alerts…`), as untyped JSON.
private func listedAlerts(_ alertmanager: AlertmanagerProcess, client: HTTPClient, query: String) async throws -> [[String: Any]] {
    let response = try await client.execute(HTTPClientRequest(url: alertmanager.baseURL + query), timeout: .seconds(5))
    let body = try await response.body.collect(upTo: 1 << 20)
    return try #require(try jsonObject(Array(body.readableBytesView)) as? [[String: Any]])
}

/// Polls the list at `query` until `condition` holds of it (Alertmanager processes a pushed alert asynchronously).
private func waitForList(
    _ alertmanager: AlertmanagerProcess, client: HTTPClient, query: String, _ what: String,
    until condition: ([[String: Any]]) -> Bool
) async throws -> [[String: Any]] {
    let deadline = ContinuousClock.now + .seconds(30)
    while true {
        let alerts = try await listedAlerts(alertmanager, client: client, query: query)
        if condition(alerts) { return alerts }
        guard ContinuousClock.now < deadline else { throw TimeoutError("\(what): not so within 30s, list \(alerts)") }
        try await Task.sleep(for: .milliseconds(100))
    }
}

private func isPairwatchAlert(_ alert: [String: Any]) -> Bool {
    (alert["labels"] as? [String: String]) == Fixtures.labels
}

@Test(.enabled(if: AlertmanagerProcess.isInstalled, "needs \(AlertmanagerProcess.binary)"))
func alertmanager_whenARealAlertmanagerIsPushedToFiringThenResolved_listsTheAlertActiveThenDropsIt() async throws {
    let alertmanager = try AlertmanagerProcess()
    defer { alertmanager.stop() }
    let client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: .notifiers)
    do {
        try await withTimeout(.seconds(90), "the real alertmanager round trip") {
            try await alertmanager.waitUntilReady(client: client)
            let notifier = AlertmanagerNotifier(
                name: "am", url: alertmanager.baseURL, timeout: .seconds(5), externalURL: Fixtures.externalURL,
                resendHorizon: .seconds(240), client: client, nowMs: { Fixtures.wallClockMs() }
            )
            let startsAtMs = Fixtures.wallClockMs() - 60_000
            var firing = Fixtures.firing()
            firing.startsAtMs = startsAtMs
            #expect(await notifier.send(firing, idempotencyKey: "k") == .delivered)
            let query = "/api/v2/alerts?active=true&silenced=false&inhibited=false&unprocessed=true"
            let listed = try await waitForList(alertmanager, client: client, query: query, "the alert active") { alerts in
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
            _ = try await waitForList(alertmanager, client: client, query: query, "the alert gone") { alerts in
                !alerts.contains(where: isPairwatchAlert)
            }
        }
    } catch {
        try? await client.shutdown()
        throw error
    }
    try await client.shutdown()
}
