// SPDX-License-Identifier: Apache-2.0
import Dispatch

/// A serial executor on a dispatch queue of its own, for an actor whose work waits for the disk: a blocked thread of
/// Swift's cooperative pool (one per core) is one the pair engines and the HTTP server cannot use.
final class QueueExecutor: SerialExecutor {
    private let queue: DispatchQueue

    init(label: String) {
        queue = DispatchQueue(label: label)
    }

    func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        let executor = asUnownedSerialExecutor()
        queue.async { job.runSynchronously(on: executor) }
    }

    func asUnownedSerialExecutor() -> UnownedSerialExecutor {
        UnownedSerialExecutor(ordinary: self)
    }
}
