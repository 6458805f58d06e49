// SPDX-License-Identifier: Apache-2.0
import Foundation
import Logging
import Pipeline
import Storage

/// Applies every rule to every pair series it covers (``AlertRule/step(_:value:nowMs:)``) and persists what changes.
///
/// A transition is saved together with its notifications, one per receiver, in one transaction
/// (``AlertStore/record(saving:removing:enqueuing:)``): a restart neither repeats a notification nor loses one, and
/// resumes each pending or firing alert where it was. When the write fails, nothing changes in memory either, and
/// the next evaluation tries again.
///
/// It runs on a queue of its own (``QueueExecutor``), since its writes can wait behind the trade writer's transaction.
/// ``AlertingService`` owns one and drives it; it is public so the benchmarks can time an evaluation alone.
public actor AlertEvaluator {
    private let executor = QueueExecutor(label: "pairwatch.alerting.evaluator")
    public nonisolated var unownedExecutor: UnownedSerialExecutor { executor.asUnownedSerialExecutor() }

    struct Tracked: Sendable {
        var rule: String
        var labels: [String: String]
        var annotations: [String: String]
        var threshold: Double
        var state: AlertState
    }

    private var rules: [AlertRule]
    private var receivers: [String]
    private var targets: [AlertTarget] = []
    private var targetEntries: [ObjectIdentifier] = []
    /// The reading each target was last evaluated on, so an update evaluates only the series that changed.
    private var evaluatedReadings: [ObjectIdentifier?] = []
    private var alerts: [String: Tracked] = [:]
    /// Nothing is evaluated before the stored alerts are taken up, or a reload at start-up would fire them again.
    private var restored = false
    private var resolved: [AlertListing.Alert] = []
    private let board: PairBoard
    private let store: AlertStore
    private let staleness: StalenessSource
    private let nowMs: @Sendable () -> Int64
    private let statistics: AlertingStatistics
    private let logger: Logger
    /// Called after a commit with the receivers that have new notifications.
    private let enqueued: @Sendable (Set<String>) -> Void
    /// Called after a commit with the transitions it stored, in evaluation order.
    private let transitions: @Sendable ([AlertTransitionEvent]) -> Void

    /// `receivers` get one outbox message per notification; `enqueued` is called after a commit with the receivers
    /// that have new notifications, and `transitions` with the transitions it stored.
    public init(
        rules: [AlertRule], receivers: [String], board: PairBoard, store: AlertStore, staleness: @escaping StalenessSource,
        nowMs: @escaping @Sendable () -> Int64, statistics: AlertingStatistics, logger: Logger,
        enqueued: @escaping @Sendable (Set<String>) -> Void = { _ in }, transitions: @escaping @Sendable ([AlertTransitionEvent]) -> Void = { _ in }
    ) {
        self.rules = rules
        self.receivers = receivers
        self.board = board
        self.store = store
        self.staleness = staleness
        self.nowMs = nowMs
        self.statistics = statistics
        self.logger = logger
        self.enqueued = enqueued
        self.transitions = transitions
    }

    /// Takes up the pending and firing alerts stored by the previous run.
    public func restore() throws {
        alerts = [:]
        for stored in try store.alerts() {
            let state = AlertState(
                phase: stored.state == .firing ? .firing : .pending, activeSinceMs: stored.activeSinceMs, firedAtMs: stored.firedAtMs,
                value: stored.value)
            // The threshold is kept only as the annotation every notification carries.
            let threshold = stored.annotations["threshold"].flatMap(Double.init) ?? 0
            alerts[stored.fingerprint] = Tracked(
                rule: stored.rule, labels: stored.labels, annotations: stored.annotations, threshold: threshold, state: state)
        }
        restored = true
        statistics.setActive(activeCounts())
        if !alerts.isEmpty { logger.info("alerts restored", metadata: ["active": "\(alerts.count)"]) }
    }

    func reconfigure(rules: [AlertRule], receivers: [String]) {
        self.rules = rules
        self.receivers = receivers
        targetEntries = []
        guard restored else { return }
        evaluate(everything: true)
        statistics.setActive(activeCounts())
    }

    /// Evaluates the series whose reading changed, or with `everything` all of them (the evaluation interval, which
    /// also advances `for`, staleness, and resolves alerts whose rule or series is gone).
    public func evaluate(everything: Bool) {
        guard restored else { return }
        let started = ContinuousClock.now
        let now = nowMs()
        refreshTargets()
        var changes = AlertChanges()
        // Reading every symbol's last trade is for `feed_stale_seconds` rules only; evaluations follow every reading.
        let stale = rules.contains { $0.metric == .feedStaleSeconds } ? staleness(now) : { _ in nil }
        for (index, target) in targets.enumerated() {
            let reading = target.entry.reading.map(ObjectIdentifier.init)
            if !everything, reading == evaluatedReadings[index] { continue }
            // A series not yet restored after a start has no reading: its alerts keep their stored state until it
            // has one, rather than resolving for want of a value.
            if reading == nil, target.rule.metric != .feedStaleSeconds { continue }
            evaluatedReadings[index] = reading
            let value = target.rule.metric.value(of: target.entry, staleness: stale)
            let current = alerts[target.fingerprint]
            let (next, transition) = target.rule.step(current?.state, value: value, nowMs: now)
            if let transition {
                changes.add(target: target, from: current?.state, to: next, transition: transition, value: value, nowMs: now)
            } else if let next {
                alerts[target.fingerprint]?.state = next
            }
        }
        if everything {
            let covered = Set(targets.map(\.fingerprint))
            for (fingerprint, alert) in alerts where !covered.contains(fingerprint) {
                changes.add(orphan: alert, fingerprint: fingerprint, nowMs: now)
            }
        }
        commit(changes, nowMs: now)
        let elapsed = started.duration(to: .now).components
        statistics.recordEvaluation(seconds: Double(elapsed.seconds) + Double(elapsed.attoseconds) / 1e18)
    }

    /// The firing alerts, as a receiver that wants them repeated (Alertmanager) is told of them.
    func firing() -> [AlertNotification] {
        alerts.compactMap { fingerprint, alert in
            guard alert.state.phase == .firing else { return nil }
            return AlertChanges.notification(alert, fingerprint: fingerprint, status: .firing, endsAtMs: nil)
        }.sorted { $0.fingerprint < $1.fingerprint }
    }

    func listing() -> AlertListing {
        let active = alerts.map { fingerprint, alert in
            AlertListing.Alert(
                fingerprint: fingerprint, state: alert.state.phase == .firing ? .firing : .pending, labels: alert.labels,
                annotations: alert.annotations, activeSinceMs: alert.state.activeSinceMs, firedAtMs: alert.state.firedAtMs, resolvedAtMs: nil,
                value: alert.state.value)
        }
        let ordered = active.sorted { ($0.state == .firing ? 0 : 1, $0.activeSinceMs, $0.fingerprint) < ($1.state == .firing ? 0 : 1, $1.activeSinceMs, $1.fingerprint) }
        return AlertListing(alerts: ordered + resolved.reversed())
    }

    private func refreshTargets() {
        let entries = board.entries
        let identities = entries.map(ObjectIdentifier.init)
        guard identities != targetEntries else { return }
        targetEntries = identities
        targets = AlertTarget.all(rules: rules, entries: entries)
        evaluatedReadings = Array(repeating: nil, count: targets.count)
    }

    private func commit(_ changes: AlertChanges, nowMs: Int64) {
        guard !changes.isEmpty else { return }
        let messages = changes.messages(for: receivers, nowMs: nowMs)
        do {
            try store.record(saving: changes.saved, removing: changes.removed, enqueuing: messages)
        } catch {
            logger.error("cannot store alert transitions; they are evaluated again", metadata: ["error": "\(error)"])
            evaluatedReadings = Array(repeating: nil, count: targets.count)
            return
        }
        for (fingerprint, tracked) in changes.updated { alerts[fingerprint] = tracked }
        for fingerprint in changes.removed { alerts[fingerprint] = nil }
        resolved += changes.resolved
        resolved.removeFirst(max(0, resolved.count - AlertListing.resolvedKeptCount))
        resolved.removeAll { ($0.resolvedAtMs ?? nowMs) < nowMs - AlertListing.resolvedKeptMs }
        for line in changes.log { logger.info("alert \(line.transition.rawValue)", metadata: line.metadata) }
        statistics.recordTransitions(changes.log.map { ($0.rule, $0.transition) }, enqueued: Dictionary(grouping: messages, by: \.receiver).mapValues(\.count))
        statistics.setActive(activeCounts())
        if !messages.isEmpty { enqueued(Set(messages.map(\.receiver))) }
        transitions(changes.events)
    }

    private func activeCounts() -> [String: AlertingStatistics.ActiveCount] {
        var counts: [String: AlertingStatistics.ActiveCount] = [:]
        for alert in alerts.values {
            if alert.state.phase == .firing { counts[alert.rule, default: .init()].firing += 1 } else { counts[alert.rule, default: .init()].pending += 1 }
        }
        return counts
    }
}
