// SPDX-License-Identifier: Apache-2.0
import Foundation
import TestSupport
import Testing

/// A configuration with one pair and the given `alerting.receivers` body (already indented by four spaces).
private func receiversConfig(_ folder: TemporaryDirectory, receivers: String) throws -> String {
    try temporaryConfig(
        """
        storage: {path: \(folder.file("pairwatch.db"))}
        timeframes: [1m]
        pairs: [{a: BTCUSDT, b: ETHUSDT}]
        alerting:
          receivers:
        \(receivers)
        """, in: folder)
}

extension AlertingEndToEndTests {
    @Test func alertsTest_whenTheReceiversAccept_printsDeliveredForEachAndExits0() async throws {
        let folder = try TemporaryDirectory("pairwatch-alerts-test")
        defer { folder.remove() }
        let receiver = RecordingReceiver()
        let port = try await receiver.start()
        let config = try receiversConfig(folder, receivers: "    \(opsWebhook(port: port))\n    journald: true")
        let result = try await runPairwatch(["alerts", "test", "--config.file", config])
        await receiver.stop()
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout == "ops: delivered\njournald: delivered\n")
        #expect(receiver.requests.count == 1)
        let alert = try #require((receiver.requests.first?.json["alerts"] as? [[String: Any]])?.first)
        let labels = try #require(alert["labels"] as? [String: String])
        #expect(labels["alertname"] == "PairwatchTestNotification")
        #expect(labels["test"] == "true")
    }

    @Test func alertsTest_whenTheWebhookAnswers404_printsRejectedAndExits1() async throws {
        let folder = try TemporaryDirectory("pairwatch-alerts-test")
        defer { folder.remove() }
        let receiver = RecordingReceiver()
        receiver.script([.status(404)])
        let port = try await receiver.start()
        let config = try receiversConfig(folder, receivers: "    \(opsWebhook(port: port))\n    journald: true")
        let result = try await runPairwatch(["alerts", "test", "--config.file", config, "--receiver", "ops"])
        await receiver.stop()
        #expect(result.status == 1)
        #expect(result.stdout == "ops: rejected: POST http://127.0.0.1:\(port)/hook: HTTP 404 Not Found\n")
        #expect(receiver.requests.count == 1)
    }

    @Test func alertsTest_whenTheReceiverIsUnknownOrNoneIsConfigured_exits1WithTheReason() async throws {
        let folder = try TemporaryDirectory("pairwatch-alerts-test")
        defer { folder.remove() }
        let config = try receiversConfig(folder, receivers: "    \(opsWebhook(port: try freePort()))\n    journald: true")
        let unknown = try await runPairwatch(["alerts", "test", "--config.file", config, "--receiver", "nope"])
        #expect(unknown.status == 1)
        #expect(unknown.stdout == "")
        #expect(unknown.stderr == "--receiver: no receiver named \"nope\"; configured: ops, journald\n")

        let none = try await runPairwatch(["alerts", "test", "--config.file", try receiversConfig(folder, receivers: "    journald: false")])
        #expect(none.status == 1)
        #expect(none.stderr == "alerting.receivers: no receiver is configured, so there is nothing to test\n")
    }

    @Test func serve_whenASecretFileIsUnreadableOrAWebhookURLInvalid_exits1WithFileAndLine() async throws {
        let folder = try TemporaryDirectory("pairwatch-alerts-load")
        defer { folder.remove() }
        let missing = folder.file("missing.secret")
        let receivers = """
                webhooks:
                  - {name: ops, url: "http://127.0.0.1:9/hook", secret_file: \(missing)}
                  - {name: pager, url: "ftp://127.0.0.1/hook"}
            """
        let config = try receiversConfig(folder, receivers: receivers)
        let result = try await runPairwatch(["serve", "--config.file", config, "--web.listen-address", "127.0.0.1:0"])
        #expect(result.status == 1)
        // Each problem is placed at its key: line 7 (8) of the file, the column where `secret_file` (`url`) starts.
        let lines = result.stderr.split(separator: "\n").map(String.init)
        let secretProblem = "\(config):7:53: alerting.receivers.webhooks[0].secret_file: cannot read \(missing): no such file"
        let urlProblem =
            "\(config):8:23: alerting.receivers.webhooks[1].url: expected an absolute http:// or https:// URL, found \"ftp://127.0.0.1/hook\""
        #expect(lines.contains(secretProblem), "\(result.stderr)")
        #expect(lines.contains(urlProblem), "\(result.stderr)")
    }
}
