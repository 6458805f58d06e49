// SPDX-License-Identifier: Apache-2.0
import Alerting
import AsyncHTTPClient
import Exporter
import Logging
import PairWatchConfig

/// `pairwatch alerts test`: one clearly marked notification to each configured receiver (or the one named), sent
/// directly rather than through the outbox, with each receiver's answer.
public enum ReceiverTest {
    public struct Failure: Error, CustomStringConvertible {
        public let description: String
    }

    public struct Result: Sendable {
        public var receiver: String
        public var outcome: DeliveryOutcome
    }

    /// The notification every receiver gets: `alertname="PairwatchTestNotification"`, severity info.
    public static func notification(nowMs: Int64) -> AlertNotification {
        let labels = ["alertname": "PairwatchTestNotification", "severity": "info", "pair": "TEST/TEST", "timeframe": "1m", "test": "true"]
        let annotations = ["summary": "Test notification sent by `pairwatch alerts test`; no action needed", "value": "0", "threshold": "0"]
        return AlertNotification(
            status: .firing, labels: labels, annotations: annotations, startsAtMs: nowMs, endsAtMs: nil, fingerprint: alertFingerprint(labels),
            value: 0, threshold: 0)
    }

    /// Sends to every receiver, or only `receiver`; throws when there is none to send to.
    public static func run(
        _ configuration: PairWatchConfiguration, receiver: String?, listenAddress: ListenAddress, nowMs: @escaping @Sendable () -> Int64,
        logger: Logger = Logger(label: "pairwatch")
    ) async throws -> [Result] {
        let names = configuration.alerting.receivers.names
        guard !names.isEmpty else { throw Failure(description: "alerting.receivers: no receiver is configured, so there is nothing to test") }
        if let receiver, !names.contains(receiver) {
            throw Failure(description: "--receiver: no receiver named \"\(receiver)\"; configured: \(names.joined(separator: ", "))")
        }
        let client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: .notifiers)
        let notifiers = AlertingSetup.notifiers(
            configuration.alerting, externalURL: AlertingSetup.externalURL(configuration.alerting, listenAddress: listenAddress), client: client,
            nowMs: nowMs, logger: logger)
        var results: [Result] = []
        for notifier in notifiers where receiver == nil || notifier.name == receiver {
            let key = "pairwatch-test-\(nowMs())-\(notifier.name)"
            results.append(Result(receiver: notifier.name, outcome: await notifier.send(notification(nowMs: nowMs()), idempotencyKey: key)))
        }
        try? await client.shutdown()
        return results
    }
}
