// SPDX-License-Identifier: Apache-2.0
import Synchronization

/// Counters of alerting for the exporter: alerts by state, transitions, notifications by result, the outbox's length
/// and the delay from a transition to its delivery.
public final class AlertingStatistics: Sendable {
    /// What became of one attempt at a notification (the `result` label of `pairwatch_notifications_total`).
    public enum Result: String, Sendable, CaseIterable {
        case delivered
        /// An attempt failed and will be retried (refused, timed out, 5xx, 429).
        case failed
        /// The receiver refused it for good (4xx, a redirect); dropped.
        case rejected
        /// Older than `alerting.max_notification_age` before it could be delivered; dropped.
        case expired
    }

    /// Upper bounds of the latency histogram, seconds: from sub-second deliveries up to a day-long outage.
    public static let latencyBuckets: [Double] = [0.01, 0.05, 0.1, 0.5, 1, 5, 15, 60, 300, 900, 3_600, 21_600, 86_400]

    public struct Snapshot: Sendable, Equatable {
        /// Pending and firing alerts per alert name.
        public var active: [String: ActiveCount] = [:]
        public var transitions: [String: [AlertTransition: UInt64]] = [:]
        public var notifications: [String: [Result: UInt64]] = [:]
        public var outboxPending: [String: Int] = [:]
        public var latencyCounts = [UInt64](repeating: 0, count: AlertingStatistics.latencyBuckets.count)
        public var latencySum = 0.0
        public var latencyCount: UInt64 = 0
        /// Evaluations of the rules, and how long the latest took.
        public var evaluations: UInt64 = 0
        public var lastEvaluationSeconds = 0.0
    }

    public struct ActiveCount: Sendable, Equatable {
        public var pending = 0
        public var firing = 0

        public init(pending: Int = 0, firing: Int = 0) {
            self.pending = pending
            self.firing = firing
        }
    }

    private let state = Mutex(Snapshot())

    public init() {}

    public var snapshot: Snapshot { state.withLock { $0 } }

    /// Makes the series of every rule and receiver exist at zero, so a dashboard shows "none" rather than "no data".
    func declare(rules: [String], receivers: [String]) {
        state.withLock { state in
            state.active = Dictionary(rules.map { ($0, ActiveCount()) }, uniquingKeysWith: { first, _ in first })
            for rule in rules { state.transitions[rule, default: [:]][.firing, default: 0] += 0 }
            for receiver in receivers {
                state.notifications[receiver, default: [:]][.delivered, default: 0] += 0
                state.outboxPending[receiver, default: 0] += 0
            }
            state.outboxPending = state.outboxPending.filter { receivers.contains($0.key) }
        }
    }

    func setActive(_ counts: [String: ActiveCount]) {
        state.withLock { state in
            for name in state.active.keys { state.active[name] = ActiveCount() }
            state.active.merge(counts) { _, new in new }
        }
    }

    func recordTransitions(_ transitions: [(rule: String, to: AlertTransition)], enqueued: [String: Int]) {
        state.withLock { state in
            for (rule, to) in transitions { state.transitions[rule, default: [:]][to, default: 0] += 1 }
            for (receiver, count) in enqueued { state.outboxPending[receiver, default: 0] += count }
        }
    }

    func recordEvaluation(seconds: Double) {
        state.withLock { state in
            state.evaluations += 1
            state.lastEvaluationSeconds = seconds
        }
    }

    func setPending(_ counts: [String: Int]) {
        state.withLock { state in
            for receiver in state.outboxPending.keys { state.outboxPending[receiver] = counts[receiver] ?? 0 }
        }
    }

    /// One attempt's result; a delivered or dropped notification leaves the outbox, and a delivered one is timed.
    func record(_ result: Result, receiver: String, latencySeconds: Double? = nil) {
        state.withLock { state in
            state.notifications[receiver, default: [:]][result, default: 0] += 1
            if result != .failed { state.outboxPending[receiver] = max(0, (state.outboxPending[receiver] ?? 1) - 1) }
            guard let latencySeconds else { return }
            for (index, bound) in Self.latencyBuckets.enumerated() where latencySeconds <= bound { state.latencyCounts[index] += 1 }
            state.latencySum += latencySeconds
            state.latencyCount += 1
        }
    }
}
