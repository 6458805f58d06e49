// SPDX-License-Identifier: Apache-2.0
import Synchronization

/// The REST side's bookkeeping: request weight per wall-clock minute (Binance's `x-mbx-used-weight-1m`) and
/// the `aggTrades` calls served.
final class RESTUsage: Sendable {
    private struct State {
        var minute: Int64 = 0
        var usedWeight = 0
        var calls = 0
        var tradesServed = 0
    }

    let weightPerMinute: Int
    private let clockMs: @Sendable () -> Int64
    /// The time the weight is counted by.
    var nowMs: Int64 { clockMs() }
    private let state = Mutex(State())

    init(weightPerMinute: Int, clockMs: @escaping @Sendable () -> Int64) {
        self.weightPerMinute = weightPerMinute
        self.clockMs = clockMs
    }

    /// Adds `weight` to the current minute; the weight now used, or `nil` (and nothing added) when it would
    /// pass the limit.
    func spend(_ weight: Int) -> Int? {
        let now = clockMs()
        return state.withLock { state in
            if now / 60_000 != state.minute {
                state.minute = now / 60_000
                state.usedWeight = 0
            }
            guard state.usedWeight + weight <= weightPerMinute else { return nil }
            state.usedWeight += weight
            return state.usedWeight
        }
    }

    func noteCall(trades: Int) {
        state.withLock { state in
            state.calls += 1
            state.tradesServed += trades
        }
    }

    var calls: Int { state.withLock { $0.calls } }
    var tradesServed: Int { state.withLock { $0.tradesServed } }

    var usedWeight: Int {
        let now = clockMs()
        return state.withLock { now / 60_000 == $0.minute ? $0.usedWeight : 0 }
    }
}
