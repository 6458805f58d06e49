// SPDX-License-Identifier: Apache-2.0
import Foundation
import TestSupport
import Testing

/// Alerting through the real `pairwatch` binary: rules over replayed trades, real receivers on 127.0.0.1 (a
/// webhook receiver in the test, Debian's Alertmanager), restarts and reloads, and `pairwatch alerts test`.
@Suite struct AlertingEndToEndTests {
    static let pair = "BTCUSDT/ETHUSDT"
    static let labels = ["alertname": "SpreadZscoreHigh", "pair": pair, "severity": "warning", "team": "quant", "timeframe": "1m"]
    static let firingGauge = "pairwatch_alerts{alertname=\"SpreadZscoreHigh\",state=\"firing\"}"

    /// A daemon replaying a spread excursion (z-score above 3 at the end) with the rule `SpreadZscoreHigh` and three
    /// receivers: the webhook `ops`, an Alertmanager and the journal.
    struct ExcursionFixture {
        let folder: TemporaryDirectory
        let config: String
        let trades: String
        let secretFile: String
        let secret = Array("a shared secret".utf8)

        init() throws {
            folder = try TemporaryDirectory("pairwatch-alert-e2e")
            config = folder.file("pairwatch.yml")
            trades = folder.file("trades.csv")
            secretFile = folder.file("ops.secret")
            let csv = spreadExcursionTrades(minutes: 630, excursionMinutes: 30, excursion: 8, seed: 11)
            try csv.write(toFile: trades, atomically: true, encoding: .utf8)
            // The trailing line break an editor leaves is not part of the key.
            try Data(secret + [UInt8(ascii: "\n")]).write(to: URL(fileURLWithPath: secretFile))
        }

        func write(rule: Bool, hookPort: Int, alertmanagerPort: Int) throws {
            let rules = """
                  rules:
                    - alert: SpreadZscoreHigh
                      pairs: [\(pair)]
                      timeframes: [1m]
                      metric: abs_zscore
                      op: ">"
                      threshold: 3
                      severity: warning
                      labels: {team: quant}
                      annotations: {summary: "{{pair}} {{timeframe}} z={{value}}"}
                """
            try """
                storage: {path: \(folder.file("pairwatch.db")), retention: 5000d, bar_retention: 5000d}
                feed: {source: replay, replay: {file: \(trades), speed: 0}}
                timeframes: [1m]
                pairs: [{a: BTCUSDT, b: ETHUSDT, window: 600, zscore_window: 600}]
                alerting:
                  evaluation_interval: 1s
                \(rule ? rules : "  rules: []")
                  receivers:
                    \(opsWebhook(port: hookPort, secretFile: secretFile))
                    alertmanager: [{url: "http://127.0.0.1:\(alertmanagerPort)"}]
                    journald: true
                """.write(toFile: config, atomically: true, encoding: .utf8)
        }
    }

    @Test(.enabled(if: AlertmanagerServer.isInstalled, "needs \(AlertmanagerServer.binary)"))
    func spreadExcursion_whenAbsZscoreEndsAboveThreshold_firesToEveryReceiverThenResolvesOnceWhenTheRuleIsRemoved() async throws {
        let fixture = try ExcursionFixture()
        defer { fixture.folder.remove() }
        let receiver = RecordingReceiver()
        let hookPort = try await receiver.start()
        let alertmanager = try AlertmanagerServer()
        defer { alertmanager.stop() }
        do {
            try await withTimeout(.seconds(90), "the spread excursion end to end") {
                try await alertmanager.waitUntilReady()
                try fixture.write(rule: true, hookPort: hookPort, alertmanagerPort: alertmanager.port)
                let (daemon, port) = try await RunningPairwatch.serve(
                    ["--config.file", fixture.config, "--web.enable-lifecycle", "--log.format", "json"])
                defer { daemon.stop() }
                let fingerprint = try await Self.checkFiring(fixture, daemon: daemon, port: port, receiver: receiver, alertmanager: alertmanager)
                try fixture.write(rule: false, hookPort: hookPort, alertmanagerPort: alertmanager.port)
                try await reloadDaemon(port: port)
                try await Self.checkResolved(
                    fixture, fingerprint: fingerprint, daemon: daemon, port: port, receiver: receiver, alertmanager: alertmanager)
            }
        } catch {
            await receiver.stop()
            throw error
        }
        await receiver.stop()
    }

    /// Waits for the alert to fire and checks every receiver, the API and the metrics; returns its fingerprint.
    private static func checkFiring(
        _ fixture: ExcursionFixture, daemon: RunningPairwatch, port: Int, receiver: RecordingReceiver, alertmanager: AlertmanagerServer
    ) async throws -> String {
        let zscore = "pairwatch_pair_zscore\(label(pair))"
        // The replay is over when the statistics include the last bar that closes (the 630th stays open).
        let lastBarEnd = Double(1_704_067_200 + 629 * 60)
        let samples = try await scrapeUntil(port: port) { samples in
            samples["pairwatch_pair_last_update_timestamp_seconds\(label(pair))"] == lastBarEnd
                && abs(samples[zscore] ?? 0) > 3 && samples[firingGauge] == 1
                && (samples["pairwatch_notifications_total{receiver=\"ops\",result=\"delivered\"}"] ?? 0) >= 1
        }
        #expect(samples["pairwatch_alerts{alertname=\"SpreadZscoreHigh\",state=\"pending\"}"] == 0)

        let requests = try await receiver.waitUntil("a firing notification") { $0.contains { $0.status == "firing" } }
        let firing = try #require(requests.first)
        #expect(requests.count == 1)
        try checkPayload(firing, status: "firing", secret: fixture.secret)
        let alert = try #require((firing.json["alerts"] as? [[String: Any]])?.first)
        let fingerprint = try #require(alert["fingerprint"] as? String)
        #expect(alert["endsAt"] as? String == "0001-01-01T00:00:00Z")
        let annotations = try #require(alert["annotations"] as? [String: String])
        let value = try #require(annotations["value"])
        #expect(abs(Double(value) ?? 0) > 3, "annotation value \(value)")
        #expect(annotations == ["summary": "\(pair) 1m z=\(value)", "value": value, "threshold": "3"])

        let listed = try await listedAlerts(port: port)
        #expect(listed.count == 1)
        #expect(listed.first?["state"] as? String == "firing")
        #expect(listed.first?["labels"] as? [String: String] == labels)
        #expect(listed.first?["fingerprint"] as? String == fingerprint)

        try await checkAlertmanagerActive(alertmanager, fingerprint: fingerprint, summary: "\(pair) 1m z=\(value)")
        try await checkJournalFallback(daemon, state: "firing", level: "warn", priority: "4")
        return fingerprint
    }

    /// Alertmanager lists the alert active, under pairwatch's fingerprint, with its labels and summary.
    private static func checkAlertmanagerActive(_ alertmanager: AlertmanagerServer, fingerprint: String, summary: String) async throws {
        let active = try await alertmanager.waitForActive("the alert active") { alerts in
            alerts.contains { $0["fingerprint"] as? String == fingerprint }
        }
        let managed = try #require(active.first { $0["fingerprint"] as? String == fingerprint })
        #expect(managed["labels"] as? [String: String] == labels)
        #expect((managed["status"] as? [String: Any])?["state"] as? String == "active")
        #expect((managed["annotations"] as? [String: String])?["summary"] == summary)
    }

    /// After the rule is removed: one resolution per receiver, and the alert gone from Alertmanager.
    private static func checkResolved(
        _ fixture: ExcursionFixture, fingerprint: String, daemon: RunningPairwatch, port: Int, receiver: RecordingReceiver,
        alertmanager: AlertmanagerServer
    ) async throws {
        _ = try await receiver.waitUntil("a resolved notification") { $0.contains { $0.status == "resolved" } }
        _ = try await scrapeUntil(port: port) { samples in
            ["ops", "alertmanager", "journald"].allSatisfy { samples["pairwatch_notification_outbox_pending{receiver=\"\($0)\"}"] == 0 }
        }
        let requests = receiver.requests
        #expect(requests.map(\.status) == ["firing", "resolved"])
        #expect(Set(requests.compactMap(\.idempotencyKey)).count == 2)
        let resolved = try #require(requests.last)
        try checkPayload(resolved, status: "resolved", secret: fixture.secret)
        let alert = try #require((resolved.json["alerts"] as? [[String: Any]])?.first)
        #expect(alert["fingerprint"] as? String == fingerprint)
        #expect(alert["endsAt"] as? String != "0001-01-01T00:00:00Z")

        _ = try await alertmanager.waitForActive("the alert gone") { alerts in
            !alerts.contains { $0["fingerprint"] as? String == fingerprint }
        }
        let listed = try await listedAlerts(port: port)
        #expect(listed.map { $0["state"] as? String } == ["resolved"])
        try await checkJournalFallback(daemon, state: "resolved", level: "info", priority: "5")
    }

    /// Alertmanager's webhook payload (version 4) for the one alert, signed with `secret`.
    private static func checkPayload(_ request: RecordingReceiver.Recorded, status: String, secret: [UInt8]) throws {
        #expect(request.isSigned(with: secret), "signature \(request.headers["x-pairwatch-signature"] ?? "none")")
        #expect(request.idempotencyKey?.isEmpty == false)
        #expect(request.headers["content-type"] == "application/json")
        let json = request.json
        #expect(json["version"] as? String == "4")
        #expect(json["status"] as? String == status)
        #expect(json["receiver"] as? String == "ops")
        #expect(json["commonLabels"] as? [String: String] == labels)
        #expect(json["groupLabels"] as? [String: String] == labels.filter { ["alertname", "pair", "timeframe"].contains($0.key) })
        #expect(json["groupKey"] as? String == "{}:{alertname=\"SpreadZscoreHigh\", pair=\"\(pair)\", timeframe=\"1m\"}")
        let alerts = try #require(json["alerts"] as? [[String: Any]])
        #expect(alerts.count == 1)
        #expect(alerts.first?["status"] as? String == status)
        #expect(alerts.first?["labels"] as? [String: String] == labels)
    }

    /// Without a journal socket, the journal's entry goes to the log with its `PAIRWATCH_*` fields.
    private static func checkJournalFallback(_ daemon: RunningPairwatch, state: String, level: String, priority: String) async throws {
        let message = "alert SpreadZscoreHigh \(state) for \(pair) 1m: value "
        let line = try await daemon.waitForStderr(timeout: .seconds(20)) { jsonLogLines($0, messageStartingWith: message).first }
        #expect(line["level"] == level)
        #expect(line["PAIRWATCH_ALERT"] == "SpreadZscoreHigh")
        #expect(line["PAIRWATCH_PAIR"] == pair)
        #expect(line["PAIRWATCH_TIMEFRAME"] == "1m")
        #expect(line["PAIRWATCH_STATE"] == state)
        #expect(line["PAIRWATCH_THRESHOLD"] == "3")
        #expect(line["SYSLOG_IDENTIFIER"] == "pairwatch")
        #expect(line["PRIORITY"] == priority)
        #expect(line["msg"]?.hasSuffix(", threshold 3") == true)
    }
}
