// SPDX-License-Identifier: Apache-2.0
import Synchronization

/// A number that only grows, which tasks can wait on reaching a threshold: the bound port (0 until the server
/// listens), the count of connections served so far.
final class Level: Sendable {
    private struct Waiter {
        let threshold: Int
        let continuation: CheckedContinuation<Int, any Error>
    }

    private struct State {
        var value = 0
        var failure: (any Error)?
        var waiters: [Int: Waiter] = [:]
        var nextID = 0
    }

    private let state = Mutex(State())

    var value: Int { state.withLock { $0.value } }

    func set(_ value: Int) {
        update { $0 = max($0, value) }
    }

    func increment() {
        update { $0 += 1 }
    }

    private func update(_ change: (inout Int) -> Void) {
        let due = state.withLock { state -> [(Waiter, Int)] in
            change(&state.value)
            let ready = state.waiters.filter { $0.value.threshold <= state.value }
            for id in ready.keys { state.waiters.removeValue(forKey: id) }
            return ready.values.map { ($0, state.value) }
        }
        for (waiter, value) in due { waiter.continuation.resume(returning: value) }
    }

    /// Fails the current and future waiters that the level has not already satisfied.
    func fail(_ error: any Error) {
        let waiters = state.withLock { state -> [Waiter] in
            state.failure = state.failure ?? error
            defer { state.waiters.removeAll() }
            return Array(state.waiters.values)
        }
        for waiter in waiters { waiter.continuation.resume(throwing: error) }
    }

    /// Waits until the level is at least `threshold` and returns it.
    func wait(atLeast threshold: Int) async throws -> Int {
        let id = state.withLock { state in
            defer { state.nextID += 1 }
            return state.nextID
        }
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { continuation in
                let outcome = state.withLock { state -> Result<Int, any Error>? in
                    if state.value >= threshold { return .success(state.value) }
                    if let failure = state.failure { return .failure(failure) }
                    if Task.isCancelled { return .failure(CancellationError()) }
                    state.waiters[id] = Waiter(threshold: threshold, continuation: continuation)
                    return nil
                }
                if let outcome { continuation.resume(with: outcome) }
            }
        } onCancel: {
            state.withLock { $0.waiters.removeValue(forKey: id) }?.continuation.resume(throwing: CancellationError())
        }
    }
}
