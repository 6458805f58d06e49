// SPDX-License-Identifier: Apache-2.0
import Feeds
import PairWatchConfig
import ServiceLifecycle
import Synchronization

/// Runs the configured feed and replaces it when a reload changes its settings or its symbols, so the trades
/// ingested follow the configured pairs. A feed that fails stops the daemon (the service group's rule); one that
/// ends (a replay at its end) leaves the daemon serving what it computed until a reload asks for another.
final class FeedSupervisor: Service, Sendable {
    struct Setup: Sendable, Equatable {
        var feed: FeedConfig
        var symbols: [String]
    }

    private enum Outcome: Sendable {
        case ended
        case changed(version: Int, Setup)
    }

    private let make: @Sendable (Setup) throws -> any TradeFeed
    private let changes: LatestValue<Setup>

    init(_ setup: Setup, make: @escaping @Sendable (Setup) throws -> any TradeFeed) {
        self.make = make
        changes = LatestValue(setup)
    }

    /// Asks for the feed of `setup`; nothing happens when it is the running one.
    func update(_ setup: Setup) {
        changes.set(setup) { $0 != $1 }
    }

    func run() async throws {
        var (version, setup) = changes.current
        while true {
            let feed = try make(setup)
            let outcome = try await withThrowingTaskGroup(of: Outcome.self) { group in
                group.addTask {
                    try await feed.run()
                    return .ended
                }
                group.addTask { [changes, version] in
                    let (next, value) = try await changes.next(after: version)
                    return .changed(version: next, value)
                }
                defer { group.cancelAll() }
                return try await group.next() ?? .ended
            }
            switch outcome {
            case .changed(let next, let value):
                (version, setup) = (next, value)
            case .ended:
                if Task.isShuttingDownGracefully || Task.isCancelled { return }
                do {
                    (version, setup) = try await cancelWhenGracefulShutdown { [changes, version] in try await changes.next(after: version) }
                } catch is CancellationError {
                    return
                }
            }
        }
    }
}

/// A value that changes now and then, with a version, and waiting for the next change.
final class LatestValue<Value: Sendable>: Sendable {
    private struct State {
        var version = 0
        var value: Value
        var waiters: [Int: CheckedContinuation<(Int, Value), any Error>] = [:]
        var nextWaiter = 0
    }

    private let state: Mutex<State>

    init(_ value: Value) {
        state = Mutex(State(value: value))
    }

    var current: (Int, Value) { state.withLock { ($0.version, $0.value) } }

    /// Sets the value when `differs(old, new)`, waking every waiter.
    func set(_ value: Value, when differs: (Value, Value) -> Bool) {
        let (version, waiters) = state.withLock { state -> (Int, [CheckedContinuation<(Int, Value), any Error>]) in
            guard differs(state.value, value) else { return (state.version, []) }
            state.version += 1
            state.value = value
            defer { state.waiters = [:] }
            return (state.version, Array(state.waiters.values))
        }
        for waiter in waiters { waiter.resume(returning: (version, value)) }
    }

    /// The first version after `version`; throws `CancellationError` when the task is cancelled while waiting.
    func next(after version: Int) async throws -> (Int, Value) {
        let id = state.withLock { state in
            defer { state.nextWaiter += 1 }
            return state.nextWaiter
        }
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { continuation in
                let ready = state.withLock { state -> Result<(Int, Value), CancellationError>? in
                    if state.version > version { return .success((state.version, state.value)) }
                    if Task.isCancelled { return .failure(CancellationError()) }
                    state.waiters[id] = continuation
                    return nil
                }
                if let ready { continuation.resume(with: ready) }
            }
        } onCancel: {
            let waiter = state.withLock { $0.waiters.removeValue(forKey: id) }
            waiter?.resume(throwing: CancellationError())
        }
    }
}
