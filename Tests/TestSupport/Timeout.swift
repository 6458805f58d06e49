// SPDX-License-Identifier: Apache-2.0
import Synchronization

/// A wait in a test that took longer than its bound: the test fails with this instead of hanging.
public struct TimeoutError: Error, CustomStringConvertible {
    public let description: String

    public init(_ description: String) {
        self.description = description
    }
}

/// Runs `body` and returns its result, or throws `TimeoutError` once `limit` of wall-clock time has passed.
///
/// The bound is a safety net, not a pacing device: a body that ignores cancellation is left behind (and cancelled)
/// rather than awaited, so a broken component makes the test fail instead of hang.
public func withTimeout<T: Sendable>(
    _ limit: Duration, _ what: String, _ body: @escaping @Sendable () async throws -> T
) async throws -> T {
    let race = Race<T>()
    return try await withCheckedThrowingContinuation { continuation in
        race.start(continuation)
        let work = Task {
            do { race.finish(.success(try await body())) } catch { race.finish(.failure(error)) }
        }
        let timer = Task {
            try await Task.sleep(for: limit)
            race.finish(.failure(TimeoutError("\(what): not done within \(limit)")))
            work.cancel()
        }
        race.onFinish { timer.cancel() }
    }
}

/// The first of the body and the timer to finish resumes the waiting test; the other is ignored.
private final class Race<T: Sendable>: Sendable {
    private struct State {
        var continuation: CheckedContinuation<T, any Error>?
        var finished = false
        var cleanUp: (@Sendable () -> Void)?
    }

    private let state = Mutex(State())

    func start(_ continuation: CheckedContinuation<T, any Error>) {
        state.withLock { $0.continuation = continuation }
    }

    func onFinish(_ cleanUp: @escaping @Sendable () -> Void) {
        let runNow = state.withLock { state -> Bool in
            if state.finished { return true }
            state.cleanUp = cleanUp
            return false
        }
        if runNow { cleanUp() }
    }

    func finish(_ result: Result<T, any Error>) {
        let (continuation, cleanUp) = state.withLock { state -> (CheckedContinuation<T, any Error>?, (@Sendable () -> Void)?) in
            guard !state.finished else { return (nil, nil) }
            state.finished = true
            defer { state.continuation = nil; state.cleanUp = nil }
            return (state.continuation, state.cleanUp)
        }
        continuation?.resume(with: result)
        cleanUp?()
    }
}
