// SPDX-License-Identifier: Apache-2.0
import Synchronization

/// Keeps REST calls within a weight budget per minute and holds all of them while the server asked for a pause.
///
/// The budget is counted in fixed one-minute windows on the injected clock, as Binance counts its
/// `x-mbx-used-weight-1m`; when the server reports more use than counted here (another client on the same IP), the
/// larger figure counts. A 429 or 418 with `Retry-After` pauses every call for that long, not only the one refused.
final class RestRateGate<C: Clock<Duration>>: Sendable {
    private struct State {
        var windowStart: C.Instant
        var used = 0
        var pausedUntil: C.Instant?
    }

    private let clock: C
    private let budget: Int
    private let window: Duration
    private let state: Mutex<State>

    init(clock: C, weightPerWindow: Int, window: Duration = .seconds(60)) {
        self.clock = clock
        budget = weightPerWindow
        self.window = window
        state = Mutex(State(windowStart: clock.now))
    }

    /// Waits until a call of `weight` fits, then counts it.
    func acquire(weight: Int) async throws {
        while let wait = reserve(weight: weight, consume: true) {
            try await clock.sleep(until: wait, tolerance: nil)
        }
    }

    /// Waits until a call of `weight` would fit, without counting it.
    func waitUntilOpen(weight: Int) async throws {
        while let wait = reserve(weight: weight, consume: false) {
            try await clock.sleep(until: wait, tolerance: nil)
        }
    }

    /// Holds every call for `duration` (at least until any pause already in force ends).
    func pause(for duration: Duration) {
        let until = clock.now.advanced(by: duration)
        state.withLock { state in state.pausedUntil = max(state.pausedUntil ?? until, until) }
    }

    /// The weight the server says this IP used in the current minute.
    func serverReported(usedWeight: Int) {
        state.withLock { $0.used = max($0.used, usedWeight) }
    }

    var usedWeight: Int { state.withLock { $0.used } }

    /// Nil when the call may go now (counted when `consume`), otherwise the instant to try again.
    private func reserve(weight: Int, consume: Bool) -> C.Instant? {
        let now = clock.now
        return state.withLock { state -> C.Instant? in
            if let pausedUntil = state.pausedUntil, now < pausedUntil { return pausedUntil }
            let windowEnd = state.windowStart.advanced(by: window)
            if now >= windowEnd {
                state.windowStart = now
                state.used = 0
            }
            // A call heavier than the whole budget still goes alone in an empty window rather than never.
            if state.used > 0, state.used + weight > budget { return state.windowStart.advanced(by: window) }
            if consume { state.used += weight }
            return nil
        }
    }
}
