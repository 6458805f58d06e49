// SPDX-License-Identifier: Apache-2.0
import Synchronization

/// A version number that any thread bumps and any number of tasks wait on, each from the version it last saw.
///
/// Unlike ``WakeSignal`` (one waiter), every waiter is woken by a bump, and bumps made while a reader was busy are
/// never lost: the reader sees the version moved and looks again. A bump takes one short lock and resumes the tasks
/// that wait; it never waits for a reader.
public final class UpdateBroadcast: Sendable {
    private struct State {
        var version: UInt64 = 0
        var waiters: [Int: CheckedContinuation<Void, Never>] = [:]
        var nextID = 0
    }

    private let state = Mutex(State())

    public init() {}

    /// The number of bumps so far.
    public var version: UInt64 { state.withLock { $0.version } }

    /// Tasks waiting now (for tests).
    var waiting: Int { state.withLock { $0.waiters.count } }

    public func bump() {
        let waiters = state.withLock { state -> [CheckedContinuation<Void, Never>] in
            state.version &+= 1
            guard !state.waiters.isEmpty else { return [] }
            defer { state.waiters = [:] }
            return Array(state.waiters.values)
        }
        for waiter in waiters { waiter.resume() }
    }

    /// Returns the current version once it differs from `seen` (at once if it already does), or when the task is
    /// cancelled.
    public func wait(after seen: UInt64) async -> UInt64 {
        let id = state.withLock { state in
            defer { state.nextID &+= 1 }
            return state.nextID
        }
        await withTaskCancellationHandler {
            await withCheckedContinuation { continuation in
                let now = state.withLock { state -> Bool in
                    if state.version != seen || Task.isCancelled { return true }
                    state.waiters[id] = continuation
                    return false
                }
                if now { continuation.resume() }
            }
        } onCancel: {
            state.withLock { $0.waiters.removeValue(forKey: id) }?.resume()
        }
        return version
    }
}
