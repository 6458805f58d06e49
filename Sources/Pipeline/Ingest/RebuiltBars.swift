// SPDX-License-Identifier: Apache-2.0
import MarketData
import Storage
import Synchronization

/// The series (symbol and timeframe) whose stored bars late trades changed after the bars were published: a trade
/// backfilled after a reconnect lands in intervals the wall clock closed meanwhile, which the engines took as carried
/// bars. The pair monitor waits on it and restores the series of those legs from storage, so a pair's statistics
/// describe the stored bars rather than what was known when each bar closed.
public final class RebuiltBars: Sendable {
    private let legs = Mutex<Set<Leg>>([])
    private let wake = WakeSignal()

    public init() {}

    /// Notes the legs of late intervals, once the writer has them queued.
    func note(_ late: [Resampler.LateInterval]) {
        guard !late.isEmpty else { return }
        legs.withLock { legs in
            for interval in late { legs.insert(Leg(symbol: interval.symbol, timeframe: interval.timeframe)) }
        }
        wake.signal()
    }

    /// Waits until legs are noted and takes every one noted so far; empty when the task is cancelled.
    func next() async -> Set<Leg> {
        while !Task.isCancelled {
            let taken = legs.withLock { legs in
                defer { legs.removeAll() }
                return legs
            }
            if !taken.isEmpty { return taken }
            await wake.wait()
        }
        return []
    }
}
