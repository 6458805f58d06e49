// SPDX-License-Identifier: Apache-2.0
import Synchronization

/// A clock that moves only when a test advances it, so timers (batch commits, bar ticks, feeds) fire in a known
/// order without the test sleeping.
///
/// `advance(by:)` wakes every sleeper whose deadline has come, in deadline order, and yields so they can run; a
/// sleeper cancelled before its deadline throws `CancellationError`. An `immediate` clock instead jumps to each
/// deadline as it is slept on, so a paced producer (a replayed file) runs at full speed through the very instants
/// it would see in real time.
///
/// Written here rather than taken from pointfreeco/swift-clocks' `TestClock`: the version on hand (1.1.1) declares
/// swift-tools-version 6.4, which the Swift 6.3 toolchain refuses to load.
public final class ManualClock: Clock, Sendable {
    public struct Instant: InstantProtocol, CustomStringConvertible {
        public var offset: Duration

        public init(offset: Duration) { self.offset = offset }
        public func advanced(by duration: Duration) -> Instant { Instant(offset: offset + duration) }
        public func duration(to other: Instant) -> Duration { other.offset - offset }
        public static func < (lhs: Instant, rhs: Instant) -> Bool { lhs.offset < rhs.offset }
        public var description: String { "\(offset)" }
    }

    private struct Sleeper {
        let deadline: Instant
        let continuation: CheckedContinuation<Void, any Error>
    }

    private struct State {
        var now = Instant(offset: .zero)
        var sleepers: [Int: Sleeper] = [:]
        var nextID = 0
    }

    private let state = Mutex(State())
    private let immediate: Bool

    public init(immediate: Bool = false) {
        self.immediate = immediate
    }

    public var now: Instant { state.withLock { $0.now } }
    public var minimumResolution: Duration { .zero }

    /// How many tasks are asleep on this clock.
    public var sleepers: Int { state.withLock { $0.sleepers.count } }

    public func sleep(until deadline: Instant, tolerance: Duration? = nil) async throws {
        if immediate {
            try Task.checkCancellation()
            state.withLock { $0.now = max($0.now, deadline) }
            await Task.yield()
            return
        }
        let id = state.withLock { state in
            defer { state.nextID += 1 }
            return state.nextID
        }
        try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { continuation in
                let outcome = state.withLock { state -> Result<Void, CancellationError>? in
                    if Task.isCancelled { return .failure(CancellationError()) }
                    if deadline <= state.now { return .success(()) }
                    state.sleepers[id] = Sleeper(deadline: deadline, continuation: continuation)
                    return nil
                }
                if let outcome { continuation.resume(with: outcome) }
            }
        } onCancel: {
            state.withLock { $0.sleepers.removeValue(forKey: id) }?.continuation.resume(throwing: CancellationError())
        }
    }

    /// Moves time on by `duration`, waking the sleepers that are due one deadline at a time.
    public func advance(by duration: Duration) async {
        let target = state.withLock { $0.now.advanced(by: duration) }
        while true {
            let due = state.withLock { state -> [Sleeper] in
                guard let next = state.sleepers.values.map(\.deadline).min(), next <= target else {
                    state.now = target
                    return []
                }
                state.now = next
                let ids = state.sleepers.filter { $0.value.deadline <= next }.map(\.key)
                return ids.compactMap { state.sleepers.removeValue(forKey: $0) }
            }
            if due.isEmpty { break }
            for sleeper in due { sleeper.continuation.resume() }
            for _ in 0..<10 { await Task.yield() }
        }
        for _ in 0..<10 { await Task.yield() }
    }

    /// Waits (yielding, never sleeping) until at least `count` tasks sleep on the clock; a task that never gets
    /// there fails the test with `TimeoutError` after `timeout` of wall-clock time instead of hanging it. The bound
    /// is generous because a full parallel test run can keep the task from being scheduled for seconds.
    public func waitForSleepers(_ count: Int, timeout: Duration = .seconds(60)) async throws {
        let deadline = ContinuousClock.now + timeout
        while sleepers < count {
            if ContinuousClock.now >= deadline { throw TimeoutError("\(sleepers) of \(count) tasks asleep on the clock after \(timeout)") }
            try Task.checkCancellation()
            await Task.yield()
        }
    }
}
