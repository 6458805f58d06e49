// SPDX-License-Identifier: Apache-2.0
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
    private let context: DeliveryContext<C>

    init(notifiers: [any Notifier], seed: UInt64, context: DeliveryContext<C>) {
        state = Mutex(State(notifiers: notifiers, seed: seed))
        self.context = context
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
        let context = context
        state.withLock { state in
            if let notifiers { state.notifiers = notifiers }
            // Started twice without a stop between (a reload as the service starts): the older workers end at their
            // next wait rather than deliver beside the new ones.
            for task in state.tasks { task.cancel() }
            state.workers = state.notifiers.map { DeliveryWorker(notifier: $0, context: context) }
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
