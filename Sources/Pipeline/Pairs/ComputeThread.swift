// SPDX-License-Identifier: Apache-2.0
import Foundation

/// A thread of its own, at a lower scheduling priority, for the pair engines' arithmetic.
///
/// When a 1s bar closes for every pair, the engines compute for tens of milliseconds at once. On the cooperative pool,
/// at the same priority as everything else, that burst made scrapes wait (measured with 1,000 pairs on 2 cores: p99
/// above 20 ms whenever a burst fell inside the run). On a thread with nice 10 the kernel gives the HTTP server and the
/// feed the cores first; the engines take what is left, and a series that falls behind computes once for its newest
/// bar (see ``PairSeriesWork``), so they catch up without queueing.
final class ComputeThread: @unchecked Sendable {  // `jobs` and `stopped` are guarded by `condition`
    /// Linux nice value of the thread: 10 gives it about a tenth of a contended core.
    static let niceness: Int32 = 10

    private let condition = NSCondition()
    private var jobs: [@Sendable () -> Void] = []
    private var stopped = false

    /// Starts the thread.
    init() {
        Thread { [self] in loop() }.start()
    }

    /// Runs `body` on the thread and returns its result.
    func run<T: Sendable>(_ body: @escaping @Sendable () -> T) async -> T {
        await withCheckedContinuation { continuation in
            enqueue { continuation.resume(returning: body()) }
        }
    }

    /// Ends the thread once the jobs already queued have run.
    func stop() {
        condition.lock()
        stopped = true
        condition.signal()
        condition.unlock()
    }

    private func enqueue(_ job: @escaping @Sendable () -> Void) {
        condition.lock()
        jobs.append(job)
        condition.signal()
        condition.unlock()
    }

    private func loop() {
        // On Linux the nice value belongs to the thread, and `who` 0 names the calling one. Lowering one's own priority
        // needs no privilege; where it fails anyway the thread runs at the normal one.
        _ = setpriority(__priority_which_t(PRIO_PROCESS.rawValue), 0, Self.niceness)
        while true {
            condition.lock()
            while jobs.isEmpty, !stopped { condition.wait() }
            if jobs.isEmpty {
                condition.unlock()
                return
            }
            let job = jobs.removeFirst()
            condition.unlock()
            job()
        }
    }
}
