// SPDX-License-Identifier: Apache-2.0
import Foundation
import TestSupport
import Testing

/// The daemon as operated: run by systemd (`$NOTIFY_SOCKET`, `$WATCHDOG_USEC`), scraped by the real Prometheus with
/// the shipped configuration and rules, read through every query of the shipped Grafana dashboards, and alerting to
/// a webhook and to the real Alertmanager, which forwards to a webhook of its own; all on 127.0.0.1.
///
/// The installed unit (`make install DESTDIR=…`, `systemd-analyze verify`, exposure at most 2.0) is checked by
/// `ServiceInstallTests.installedUnit_passesVerifyAndScoresAtMostTwo`, which needs none of the processes here.
@Suite struct OperationsEndToEndTests {
    static let pair = "BTCUSDT/ETHUSDT"
    static let timeframe = "1s"
    static let alertname = "SpreadZscoreAny"
    static let toolsInstalled = PrometheusServer.isInstalled && AlertmanagerServer.isInstalled

    /// Panel queries that cannot return a series in a run of a minute on the simulated feed, with the reason.
    static let withoutData: [String: String] = [:]

    /// The processes of one run, each stopped by `stop()`.
    struct Stack: Sendable {
        let folder: TemporaryDirectory
        let notify: NotifyRecorder
        let receiver: RecordingReceiver
        let alertmanager: AlertmanagerServer
        let daemon: RunningPairwatch
        let daemonPort: Int
        let prometheus: PrometheusServer

        /// The end of each process's log, for a failure's message.
        var diagnostics: String {
            """
            pairwatch stderr:
            \(daemon.stderr.suffix(4_000))
            prometheus log:
            \(prometheus.log.suffix(3_000))
            alertmanager log:
            \(alertmanager.log.suffix(2_000))
            notify socket: \(notify.messages.suffix(20))
            """
        }

        func stop() async {
            daemon.stop()
            prometheus.stop()
            alertmanager.stop()
            notify.stop()
            await receiver.stop()
            folder.remove()
        }
    }

    @Test(.enabled(if: toolsInstalled, "needs \(PrometheusServer.binary) and \(AlertmanagerServer.binary)"))
    func daemonUnderSystemdPrometheusAndAlertmanager_answersEveryPanelAndDeliversTheAlert() async throws {
        let stack = try await Self.start()
        do {
            try await withTimeout(.seconds(75), "the operations end to end") {
                try await Self.checkReadyAndWatchdog(stack)
                try await Self.checkTargetUp(stack)
                try await Self.checkEveryPanelQuery(stack)
                try await Self.checkShippedRules(stack)
                try await Self.checkAlertDelivered(stack)
                try await Self.checkStopping(stack)
            }
        } catch {
            await stack.stop()
            Issue.record("\(error)\n\(stack.diagnostics)")
            return
        }
        await stack.stop()
    }

    /// Starts the webhook receiver, Alertmanager, the daemon (simulated feed, a rule that fires on the first
    /// z-score) and Prometheus, each on a free port; on a failure, stops what had started.
    static func start() async throws -> Stack {
        let folder = try TemporaryDirectory("pairwatch-operations-e2e")
        let receiver = RecordingReceiver()
        var started: [@Sendable () async -> Void] = [{ folder.remove() }, { await receiver.stop() }]
        do {
            let notify = try NotifyRecorder(path: folder.file("notify"))
            started.append { notify.stop() }
            let hookPort = try await receiver.start()
            let alertmanager = try AlertmanagerServer(webhook: "http://127.0.0.1:\(hookPort)/alertmanager")
            started.append { alertmanager.stop() }
            let config = try writeConfig(in: folder, hookPort: hookPort, alertmanagerPort: alertmanager.port)
            let environment = ["NOTIFY_SOCKET": notify.path, "WATCHDOG_USEC": "1000000"]
            let (daemon, port) = try await RunningPairwatch.serve(["--config.file", config, "--feed", "simulate"], environment: environment)
            started.append { daemon.stop() }
            let prometheus = try PrometheusServer(targetPort: port, alertmanagerPort: alertmanager.port)
            return Stack(
                folder: folder, notify: notify, receiver: receiver, alertmanager: alertmanager, daemon: daemon, daemonPort: port,
                prometheus: prometheus)
        } catch {
            for stop in started.reversed() { await stop() }
            throw error
        }
    }

    /// The default pair on 1s and 1m bars, with one rule on the 1s z-score that holds as soon as there is one.
    static func writeConfig(in folder: TemporaryDirectory, hookPort: Int, alertmanagerPort: Int) throws -> String {
        // window 25, not the smallest (20): over 20 simulated 1s bars the cointegration test often gives no p-value
        // for a minute or more (too few residuals for its lag search), which would leave those panels empty.
        try temporaryConfig(
            """
            storage: {path: \(folder.file("pairwatch.db"))}
            feed: {source: simulate}
            timeframes: [\(timeframe), 1m]
            pairs: [{a: BTCUSDT, b: ETHUSDT, window: 25, zscore_window: 10}]
            alerting:
              evaluation_interval: 1s
              rules:
                - {alert: \(alertname), timeframes: [\(timeframe)], metric: abs_zscore, op: ">=", threshold: 0, severity: info}
              receivers:
                \(opsWebhook(port: hookPort))
                alertmanager: [{url: "http://127.0.0.1:\(alertmanagerPort)"}]
            """, in: folder)
    }

    /// `READY=1` first, then `WATCHDOG=1` at half of `WatchdogSec=1s`.
    static func checkReadyAndWatchdog(_ stack: Stack) async throws {
        try await stack.notify.waitUntil("READY=1 and two WATCHDOG=1") { messages in
            messages.filter { $0 == "WATCHDOG=1" }.count >= 2
                && messages.contains { $0.hasPrefix("READY=1\n") || $0 == "READY=1" }
        }
        let first = stack.notify.messages.first ?? ""
        #expect(first.hasPrefix("READY=1"), "the first notification is \(first)")
    }

    /// Prometheus scrapes the daemon without error and `up` is 1.
    static func checkTargetUp(_ stack: Stack) async throws {
        try await stack.prometheus.waitUntilReady()
        let instance = "127.0.0.1:\(stack.daemonPort)"
        var targets: [[String: Any]] = []
        let deadline = ContinuousClock.now + .seconds(20)
        while ContinuousClock.now < deadline {
            targets = try await stack.prometheus.activeTargets()
            if targets.contains(where: { $0["health"] as? String == "up" }) { break }
            try await Task.sleep(for: .milliseconds(200))
        }
        let target = try #require(targets.first, "prometheus has no active target")
        #expect(targets.count == 1)
        #expect(target["health"] as? String == "up", "target \(target)")
        #expect(target["lastError"] as? String == "", "target \(target)")
        #expect((target["labels"] as? [String: String]) == ["instance": instance, "job": "pairwatch"], "target \(target)")
        let up = try await stack.prometheus.query("up{job=\"pairwatch\"}")
        #expect((up.first?["value"] as? [Any])?.last as? String == "1", "up: \(up)")
    }
}

extension OperationsEndToEndTests {
    /// Every panel query, with the dashboards' variables set as Grafana would for this scrape, returns a series at
    /// least once within the bound (a p-value the window cannot give yet is no sample, so each is retried).
    static func checkEveryPanelQuery(_ stack: Stack) async throws {
        let queries = try OperationsFiles.panelQueries()
        #expect(queries.count > 30)
        var pending = queries.filter { withoutData[$0.expression] == nil }
        let deadline = ContinuousClock.now + .seconds(45)
        while !pending.isEmpty, ContinuousClock.now < deadline {
            var stillEmpty: [PanelQuery] = []
            for query in pending {
                if try await stack.prometheus.query(filledIn(query.expression, stack)).isEmpty { stillEmpty.append(query) }
            }
            pending = stillEmpty
            if !pending.isEmpty { try await Task.sleep(for: .seconds(1)) }
        }
        let unanswered = pending.map { "\($0)\n    as run: \(filledIn($0.expression, stack))" }
        #expect(pending.isEmpty, "panel queries without a series:\n\(unanswered.joined(separator: "\n"))\n\(stack.diagnostics)")
        for query in queries {
            #expect(variableNames(in: filledIn(query.expression, stack)).isEmpty, "a variable left in \(query)")
        }
    }

    /// Prometheus loaded `pairwatch.rules.yml`, evaluates every rule of it without error, and sends its alerts to
    /// the test's Alertmanager.
    static func checkShippedRules(_ stack: Stack) async throws {
        let shipped = try OperationsFiles.text("prometheus/pairwatch.rules.yml")
        let names = Set(PromQLNames.values(of: "alert", in: shipped) + PromQLNames.values(of: "record", in: shipped))
        var rules: [[String: Any]] = []
        let deadline = ContinuousClock.now + .seconds(10)
        repeat {
            rules = try await stack.prometheus.rules()
            if rules.allSatisfy({ $0["health"] as? String == "ok" }) { break }
            try await Task.sleep(for: .milliseconds(250))
        } while ContinuousClock.now < deadline
        #expect(Set(rules.compactMap { $0["name"] as? String }) == names, "loaded rules")
        for rule in rules where rule["health"] as? String != "ok" {
            Issue.record("rule \(rule["name"] ?? "?") is \(rule["health"] ?? "?"): \(rule["lastError"] ?? "")")
        }
        let managers = try await stack.prometheus.activeAlertmanagers()
        #expect(managers == ["http://127.0.0.1:\(stack.alertmanager.port)/api/v2/alerts"], "alertmanagers")
    }

    /// Grafana's interval variables for a 1s scrape (`$__rate_interval` is four scrape intervals), and the
    /// dashboards' own as their `label_values` queries would offer them.
    static func filledIn(_ expression: String, _ stack: Stack) -> String {
        let values: [(String, String)] = [
            ("__rate_interval", "4s"), ("__interval", "1s"), ("__range", "1m"),
            ("pair", pair), ("timeframe", timeframe), ("job", "pairwatch"), ("instance", "127.0.0.1:\(stack.daemonPort)"),
        ]
        var text = expression
        for (name, value) in values {
            text = text.replacingOccurrences(of: "${\(name)}", with: value).replacingOccurrences(of: "$\(name)", with: value)
        }
        return text
    }

    /// The rule's alert reaches the webhook straight from the daemon, and Alertmanager, which lists it and forwards
    /// it to its own webhook.
    static func checkAlertDelivered(_ stack: Stack) async throws {
        func isOurs(_ alert: [String: Any]) -> Bool {
            let labels = alert["labels"] as? [String: String]
            return labels?["alertname"] == alertname && labels?["pair"] == pair && labels?["timeframe"] == timeframe
        }
        func firing(from receiver: String) -> ([RecordingReceiver.Recorded]) -> Bool {
            { requests in
                requests.contains { request in
                    request.json["receiver"] as? String == receiver && request.status == "firing"
                        && (request.json["alerts"] as? [[String: Any]] ?? []).contains(where: isOurs)
                }
            }
        }
        _ = try await stack.receiver.waitUntil(timeout: .seconds(20), "the daemon's webhook notification", firing(from: "ops"))
        let active = try await stack.alertmanager.waitForActive("\(alertname) active", timeout: .seconds(20)) { $0.contains(where: isOurs) }
        let managed = try #require(active.first(where: isOurs))
        #expect((managed["status"] as? [String: Any])?["state"] as? String == "active", "\(managed)")
        #expect((managed["labels"] as? [String: String])?["severity"] == "info", "\(managed)")
        _ = try await stack.receiver.waitUntil(timeout: .seconds(20), "Alertmanager's webhook notification", firing(from: "e2e"))
    }

    /// On SIGTERM: `STOPPING=1`, and exit status 0; the watchdog was fed all along.
    static func checkStopping(_ stack: Stack) async throws {
        stack.daemon.signal(SIGTERM)
        try await stack.notify.waitUntil("STOPPING=1") { $0.contains("STOPPING=1") }
        #expect(await stack.daemon.waitForExit() == 0, "pairwatch exit status")
        let pings = stack.notify.messages.filter { $0 == "WATCHDOG=1" }.count
        #expect(pings >= 2, "WATCHDOG=1 sent \(pings) times")
    }
}
