// SPDX-License-Identifier: Apache-2.0
import Logging
import Pipeline
import ServiceLifecycle
import Storage
import Synchronization

/// Alerting as one service of the daemon: evaluates the rules after every pair reading and at each evaluation
/// interval, delivers each receiver's notifications from the durable outbox, and repeats the firing alerts to the
/// receivers that expect it (Alertmanager forgets an alert that is not re-sent before its `endsAt`). `transitions` is
/// told of every stored transition (the live stream); it must not block.
public final class AlertingService<C: Clock<Duration>>: Service, Sendable {
    private let evaluator: AlertEvaluator
    private let store: AlertStore
    private let board: PairBoard
    private let settings: AlertingSettings
    private let clock: C
    private let statistics: AlertingStatistics
    private let logger: Logger
    private let deliveries: DeliveryPool<C>
    private let currentRules: Mutex<[AlertRule]>

    public init(
        rules: [AlertRule], notifiers: [any Notifier], board: PairBoard, store: AlertStore, staleness: @escaping StalenessSource,
        settings: AlertingSettings, clock: C, nowMs: @escaping @Sendable () -> Int64, statistics: AlertingStatistics, logger: Logger,
        transitions: @escaping @Sendable ([AlertTransitionEvent]) -> Void = { _ in }
    ) {
        self.store = store
        self.board = board
        self.settings = settings
        self.clock = clock
        self.statistics = statistics
        self.logger = logger
        currentRules = Mutex(rules)
        let deliveries = DeliveryPool(
            notifiers: notifiers, seed: settings.seed,
            context: DeliveryContext(outbox: OutboxQueue(store: store), settings: settings.delivery, clock: clock, nowMs: nowMs, statistics: statistics, logger: logger))
        self.deliveries = deliveries
        evaluator = AlertEvaluator(
            rules: rules, receivers: notifiers.map(\.name), board: board, store: store, staleness: staleness, nowMs: nowMs,
            statistics: statistics, logger: logger, enqueued: deliveries.notify, transitions: transitions)
        statistics.declare(rules: rules.map(\.name), receivers: notifiers.map(\.name))
    }

    public func run() async throws {
        try await evaluator.restore()
        statistics.setPending(try store.outboxCounts())
        deliveries.start()
        await cancelWhenGracefulShutdown {
            await withTaskGroup(of: Void.self) { group in
                group.addTask { await self.evaluateUntilCancelled() }
                group.addTask { await self.resendUntilCancelled() }
            }
        }
        await deliveries.stop()
    }

    /// Applies reloaded rules and receivers: alerts whose labels did not change keep their state, those of a removed
    /// rule resolve once, and the notifications waiting for a removed receiver are dropped (and counted as such).
    public func reconfigure(rules: [AlertRule], notifiers: [any Notifier]) async {
        await deliveries.stop()
        let names = Set(notifiers.map(\.name))
        do {
            for (receiver, count) in try store.removeOutbox(receiversNotIn: names) {
                logger.warning("receiver removed; its undelivered notifications are dropped", metadata: ["receiver": "\(receiver)", "count": "\(count)"])
                for _ in 0..<count { statistics.record(.expired, receiver: receiver) }
            }
        } catch {
            logger.error("cannot drop the notifications of removed receivers", metadata: ["error": "\(error)"])
        }
        statistics.declare(rules: rules.map(\.name), receivers: notifiers.map(\.name))
        await evaluator.reconfigure(rules: rules, receivers: notifiers.map(\.name))
        currentRules.withLock { $0 = rules }
        deliveries.start(notifiers)
    }

    /// The rules in force, read without waiting for an evaluation (the status page colours z-scores by them).
    public var rules: [AlertRule] { currentRules.withLock { $0 } }

    /// The alerts for `GET /api/v1/alerts`.
    public func listing() async -> AlertListing {
        await evaluator.listing()
    }

    private func evaluateUntilCancelled() async {
        var tick = clock.now.advanced(by: settings.evaluationInterval)
        await evaluator.evaluate(everything: true)
        while !Task.isCancelled {
            let updated = await waitForUpdate(until: tick)
            guard !Task.isCancelled else { return }
            if updated {
                await evaluator.evaluate(everything: false)
            } else {
                await evaluator.evaluate(everything: true)
                // After a long pause (a suspended machine) the next tick is one interval from now, not a burst.
                tick = max(tick.advanced(by: settings.evaluationInterval), clock.now)
            }
        }
    }

    /// True when a pair reading was published before `deadline`, false at the deadline.
    private func waitForUpdate(until deadline: C.Instant) async -> Bool {
        await withTaskGroup(of: Bool.self) { group in
            group.addTask {
                await self.board.nextUpdate()
                return true
            }
            group.addTask {
                try? await self.clock.sleep(until: deadline, tolerance: nil)
                return false
            }
            let first = await group.next() ?? false
            group.cancelAll()
            return first
        }
    }

    private func resendUntilCancelled() async {
        var failing: Set<String> = []
        while !Task.isCancelled {
            do { try await clock.sleep(for: settings.resendInterval) } catch { return }
            let resenders = deliveries.notifiers.compactMap { $0 as? any ResendingNotifier }
            guard !resenders.isEmpty else { continue }
            let firing = await evaluator.firing()
            guard !firing.isEmpty else { continue }
            for receiver in resenders {
                let outcome = await receiver.push(firing)
                if outcome == .delivered {
                    failing.remove(receiver.name)
                } else if failing.insert(receiver.name).inserted {
                    logger.warning("cannot re-send the firing alerts", metadata: ["receiver": "\(receiver.name)", "outcome": "\(outcome)"])
                }
            }
        }
    }
}

/// A receiver that forgets a firing alert unless it is repeated, as Alertmanager does after `endsAt`.
public protocol ResendingNotifier: Notifier {
    func push(_ notifications: [AlertNotification]) async -> DeliveryOutcome
}

/// How often alerting evaluates and repeats, and how it retries.
public struct AlertingSettings: Sendable {
    /// `alerting.evaluation_interval`.
    public var evaluationInterval: Duration
    /// How often firing alerts are re-sent to Alertmanager (Prometheus' `--rules.alert.resend-delay`, 1m).
    public var resendInterval: Duration
    public var delivery: DeliverySettings
    /// Seeds the retry jitter.
    public var seed: UInt64

    public init(evaluationInterval: Duration = .seconds(10), resendInterval: Duration = .seconds(60), delivery: DeliverySettings = DeliverySettings(), seed: UInt64 = 1) {
        self.evaluationInterval = evaluationInterval
        self.resendInterval = resendInterval
        self.delivery = delivery
        self.seed = seed
    }
}
