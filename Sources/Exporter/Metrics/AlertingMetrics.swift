// SPDX-License-Identifier: Apache-2.0
import Alerting

/// `pairwatch_alerts`, `pairwatch_alert_transitions_total` and the `pairwatch_notification*` families, read from
/// alerting's ``AlertingStatistics``.
public struct AlertingMetrics: MetricsCollector {
    let statistics: AlertingStatistics

    public init(_ statistics: AlertingStatistics) {
        self.statistics = statistics
    }

    public func snapshot() -> AlertingStatistics.Snapshot { statistics.snapshot }

    public func write(_ current: AlertingStatistics.Snapshot, to encoder: inout MetricsEncoder) async {
        await encoder.family("pairwatch_alerts", help: "Alerts pending or firing, per alert name and state.", type: .gauge)
        for (name, count) in current.active.sorted(by: { $0.key < $1.key }) {
            await encoder.sample(Double(count.pending), labels: MetricLabels(["alertname": name, "state": "pending"]))
            await encoder.sample(Double(count.firing), labels: MetricLabels(["alertname": name, "state": "firing"]))
        }
        await encoder.family("pairwatch_alert_evaluations_total", help: "Evaluations of the alerting rules.", type: .counter)
        await encoder.sample(Double(current.evaluations))
        await encoder.family(
            "pairwatch_alert_last_evaluation_duration_seconds", help: "Time the latest evaluation of the alerting rules took.", type: .gauge)
        await encoder.sample(current.lastEvaluationSeconds)
        await encoder.family("pairwatch_alert_transitions_total", help: "Alert state changes, per alert name and new state.", type: .counter)
        for (name, counts) in current.transitions.sorted(by: { $0.key < $1.key }) {
            for state in AlertTransition.allCases {
                await encoder.sample(Double(counts[state] ?? 0), labels: MetricLabels(["alertname": name, "to": state.rawValue]))
            }
        }
        await encoder.family(
            "pairwatch_notifications_total",
            help: "Notification attempts per receiver and result (delivered, failed and retried, rejected, expired).", type: .counter)
        for (receiver, counts) in current.notifications.sorted(by: { $0.key < $1.key }) {
            for result in AlertingStatistics.Result.allCases {
                await encoder.sample(Double(counts[result] ?? 0), labels: MetricLabels(["receiver": receiver, "result": result.rawValue]))
            }
        }
        await encoder.family("pairwatch_notification_outbox_pending", help: "Notifications waiting in the outbox, per receiver.", type: .gauge)
        for (receiver, count) in current.outboxPending.sorted(by: { $0.key < $1.key }) {
            await encoder.sample(Double(count), labels: MetricLabels(["receiver": receiver]))
        }
        await encoder.family(
            "pairwatch_notification_latency_seconds", help: "Time from an alert transition to the delivery of its notification.", type: .histogram)
        await encoder.histogram(
            buckets: zip(AlertingStatistics.latencyBuckets, current.latencyCounts).map { (le: $0, count: $1) }, sum: current.latencySum,
            count: current.latencyCount)
    }
}
