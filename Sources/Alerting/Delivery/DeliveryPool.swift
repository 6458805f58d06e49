// SPDX-License-Identifier: Apache-2.0
import Logging
import Storage
import Synchronization

/// The receivers and one ``DeliveryWorker`` each, started and stopped together (at start, at a reload, at shutdown).
final class DeliveryPool<C: Clock<Duration>>: Sendable {
    private struct State {
        var notifiers: [any Notifier]
        var workers: [DeliveryWorker<C>] = []
        var tasks: [Task<Void, Never>] = []
        var seed: UInt64
    }

    private let state: Mutex<State>
    private let store: AlertStore
    private let settings: DeliverySettings
    private let clock: C
    private let nowMs: @Sendable () -> Int64
    private let statistics: AlertingStatistics
    private let logger: Logger

    init(
        notifiers: [any Notifier], store: AlertStore, settings: DeliverySettings, seed: UInt64, clock: C, nowMs: @escaping @Sendable () -> Int64,
        statistics: AlertingStatistics, logger: Logger
    ) {
        state = Mutex(State(notifiers: notifiers, seed: seed))
        self.store = store
        self.settings = settings
        self.clock = clock
        self.nowMs = nowMs
        self.statistics = statistics
        self.logger = logger
    }

    var notifiers: [any Notifier] { state.withLock { $0.notifiers } }

    /// Wakes the workers of `receivers`, which have new notifications in the outbox.
    func notify(_ receivers: Set<String>) {
        state.withLock { state in
            for worker in state.workers where receivers.contains(worker.notifier.name) { worker.notify() }
        }
    }

    /// Starts one worker per receiver (after ``stop()``, with `notifiers` when given).
    func start(_ notifiers: [any Notifier]? = nil) {
        let (store, settings, clock, nowMs, statistics, logger) = (store, settings, clock, nowMs, statistics, logger)
        state.withLock { state in
            if let notifiers { state.notifiers = notifiers }
            state.workers = state.notifiers.map { notifier in
                DeliveryWorker(notifier: notifier, store: store, settings: settings, clock: clock, nowMs: nowMs, statistics: statistics, logger: logger)
            }
            state.tasks = state.workers.map { worker in
                state.seed &+= 0x9E37_79B9_7F4A_7C15
                let seed = state.seed
                return Task { await worker.run(seed: seed) }
            }
        }
    }

    /// Stops every worker and waits for it, so that no notification is ever sent by two workers at once.
    func stop() async {
        let tasks = state.withLock { state in
            defer { (state.tasks, state.workers) = ([], []) }
            return state.tasks
        }
        for task in tasks { task.cancel() }
        for task in tasks { await task.value }
    }
}
