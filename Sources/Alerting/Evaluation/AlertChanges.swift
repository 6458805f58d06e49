// SPDX-License-Identifier: Apache-2.0
import Foundation
import Logging
import Storage

/// The transitions of one evaluation, gathered so they are stored, notified and counted together.
struct AlertChanges {
    struct LogLine {
        var rule: String
        var transition: AlertTransition
        var metadata: Logger.Metadata
    }

    private(set) var updated: [String: AlertEvaluator.Tracked] = [:]
    private(set) var removed: [String] = []
    private(set) var saved: [StoredAlert] = []
    private(set) var notifications: [AlertNotification] = []
    private(set) var resolved: [AlertListing.Alert] = []
    private(set) var log: [LogLine] = []
    private(set) var events: [AlertTransitionEvent] = []

    var isEmpty: Bool { log.isEmpty }

    mutating func add(target: AlertTarget, from: AlertState?, to: AlertState?, transition: AlertTransition, value: Double?, nowMs: Int64) {
        let tracked = AlertEvaluator.Tracked(
            rule: target.rule.name, labels: target.labels, annotations: target.annotations(value: value), threshold: target.rule.threshold,
            state: to ?? from ?? AlertState(phase: .pending, activeSinceMs: nowMs, value: value))
        switch transition {
        case .pending, .firing:
            updated[target.fingerprint] = tracked
            saved.append(Self.stored(tracked, fingerprint: target.fingerprint))
            if transition == .firing { notifications.append(Self.notification(tracked, fingerprint: target.fingerprint, status: .firing, endsAtMs: nil)) }
        case .resolved:
            var ended = tracked
            ended.state.value = value
            resolve(ended, fingerprint: target.fingerprint, nowMs: nowMs)
        case .inactive:
            removed.append(target.fingerprint)
        }
        log.append(LogLine(rule: target.rule.name, transition: transition, metadata: Self.metadata(tracked.labels, value: value)))
        events.append(
            AlertTransitionEvent(
                fingerprint: target.fingerprint, alertname: target.rule.name, labels: tracked.labels, from: from?.phase, to: transition, value: value,
                atMs: nowMs))
    }

    /// An alert whose rule or pair series is no longer configured: a firing one resolves once, a pending one ends.
    mutating func add(orphan alert: AlertEvaluator.Tracked, fingerprint: String, nowMs: Int64) {
        let transition: AlertTransition = alert.state.phase == .firing ? .resolved : .inactive
        if transition == .resolved { resolve(alert, fingerprint: fingerprint, nowMs: nowMs) } else { removed.append(fingerprint) }
        var metadata = Self.metadata(alert.labels, value: alert.state.value)
        metadata["reason"] = "no longer configured"
        log.append(LogLine(rule: alert.rule, transition: transition, metadata: metadata))
        events.append(
            AlertTransitionEvent(
                fingerprint: fingerprint, alertname: alert.rule, labels: alert.labels, from: alert.state.phase, to: transition, value: alert.state.value,
                atMs: nowMs))
    }

    private mutating func resolve(_ alert: AlertEvaluator.Tracked, fingerprint: String, nowMs: Int64) {
        removed.append(fingerprint)
        notifications.append(Self.notification(alert, fingerprint: fingerprint, status: .resolved, endsAtMs: nowMs))
        resolved.append(
            AlertListing.Alert(
                fingerprint: fingerprint, state: .resolved, labels: alert.labels, annotations: alert.annotations,
                activeSinceMs: alert.state.activeSinceMs, firedAtMs: alert.state.firedAtMs, resolvedAtMs: nowMs, value: alert.state.value))
    }

    /// One outbox message per receiver and notification, each with its own idempotency key.
    func messages(for receivers: [String], nowMs: Int64) -> [OutboxMessage] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        return notifications.flatMap { notification -> [OutboxMessage] in
            // Encoding a struct of strings and numbers cannot fail; a notification that did would be skipped, not sent wrong.
            guard let payload = try? encoder.encode(notification) else { return [] }
            return receivers.map { receiver in
                OutboxMessage(receiver: receiver, idempotencyKey: UUID().uuidString.lowercased(), createdMs: nowMs, payload: Array(payload))
            }
        }
    }

    static func notification(_ alert: AlertEvaluator.Tracked, fingerprint: String, status: AlertNotification.Status, endsAtMs: Int64?) -> AlertNotification {
        AlertNotification(
            status: status, labels: alert.labels, annotations: alert.annotations, startsAtMs: alert.state.firedAtMs ?? alert.state.activeSinceMs,
            endsAtMs: endsAtMs, fingerprint: fingerprint, value: alert.state.value, threshold: alert.threshold)
    }

    private static func stored(_ alert: AlertEvaluator.Tracked, fingerprint: String) -> StoredAlert {
        StoredAlert(
            fingerprint: fingerprint, rule: alert.rule, state: alert.state.phase == .firing ? .firing : .pending,
            activeSinceMs: alert.state.activeSinceMs, firedAtMs: alert.state.firedAtMs, value: alert.state.value, labels: alert.labels,
            annotations: alert.annotations)
    }

    private static func metadata(_ labels: [String: String], value: Double?) -> Logger.Metadata {
        ["alertname": "\(labels["alertname"] ?? "")", "pair": "\(labels["pair"] ?? "")", "timeframe": "\(labels["timeframe"] ?? "")",
         "value": "\(AlertTemplate.format(value))"]
    }
}
