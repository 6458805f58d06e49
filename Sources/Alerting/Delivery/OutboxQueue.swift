// SPDX-License-Identifier: Apache-2.0
import Storage

/// The delivery workers' reads and writes of the outbox, on a queue of their own (``QueueExecutor``): each is a short
/// transaction, but one can wait behind the trade writer's.
actor OutboxQueue {
    private let executor = QueueExecutor(label: "pairwatch.alerting.outbox")
    nonisolated var unownedExecutor: UnownedSerialExecutor { executor.asUnownedSerialExecutor() }
    private let store: AlertStore

    init(store: AlertStore) {
        self.store = store
    }

    func items(receiver: String, limit: Int) throws -> [OutboxItem] {
        try store.outbox(receiver: receiver, limit: limit)
    }

    func remove(id: Int64) throws {
        try store.removeOutboxItem(id: id)
    }

    func recordAttempt(id: Int64) throws {
        try store.recordAttempt(id: id)
    }
}
