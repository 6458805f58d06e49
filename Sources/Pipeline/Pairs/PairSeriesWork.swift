// SPDX-License-Identifier: Apache-2.0
import PairStats
import Synchronization

/// One pair series' engine and the intervals waiting for it, handed between the monitor's dispatcher (which queues
/// intervals) and its workers (which compute).
///
/// A worker takes the engine out while it computes, so the dispatcher never waits for a computation. Intervals that
/// pile up while a worker is busy are all added to the window, and the statistics computed once for the newest: a
/// slow series skips snapshots nobody would have read instead of falling behind. At most `window` intervals wait,
/// since older ones would leave the window anyway.
final class PairSeriesWork: Sendable {
    let settings: PairSeriesSettings
    let entry: PairBoardEntry

    private struct State {
        var engine: PairEngine?
        var pending: [PairCloses] = []
        /// The newest interval given to the engine (or waiting for it): older ones are already in its window.
        var lastStartMs: Int64 = .min
        /// Queued for a worker or being computed.
        var scheduled = false
        /// Still being restored from storage: intervals wait, nobody computes.
        var restoring = true
    }

    private let state: Mutex<State>

    init(settings: PairSeriesSettings, reading: PairReading? = nil) {
        self.settings = settings
        entry = PairBoardEntry(settings: settings, reading: reading)
        state = Mutex(State(engine: PairEngine(configuration: settings.configuration)))
    }

    /// Queues an interval; true when the series should be handed to a worker.
    func enqueue(_ closes: PairCloses) -> Bool {
        state.withLock { state in
            guard closes.startMs > state.lastStartMs else { return false }
            state.lastStartMs = closes.startMs
            state.pending.append(closes)
            let window = settings.configuration.window
            if state.pending.count > 2 * window { state.pending.removeFirst(state.pending.count - window) }
            guard !state.restoring, !state.scheduled else { return false }
            state.scheduled = true
            return true
        }
    }

    /// Fills the window from stored closes (oldest first), then takes the intervals queued meanwhile that are newer;
    /// true when the series should be handed to a worker.
    func restore(_ closes: [PairCloses]) -> Bool {
        state.withLock { state in
            let queued = state.pending
            state.pending = Array(closes.suffix(settings.configuration.window))
            if let last = state.pending.last?.startMs {
                state.pending += queued.filter { $0.startMs > last }
                state.lastStartMs = max(state.lastStartMs, last)
            } else {
                state.pending = queued
            }
            state.restoring = false
            state.scheduled = !state.pending.isEmpty
            return state.scheduled
        }
    }

    /// Adds what is pending to the engine and publishes the statistics of the newest interval; repeats while more
    /// arrived during the computation. Returns the prices the engine refused, if any.
    func process() -> [PairInputError] {
        var errors: [PairInputError] = []
        while let (engine, batch) = take() {
            var engine = engine
            for closes in batch {
                do {
                    try engine.append(a: closes.a, b: closes.b)
                } catch {
                    errors.append(error)
                }
            }
            let snapshot = engine.refresh()
            if let last = batch.last {
                let endMs = last.startMs + settings.series.timeframe.milliseconds
                // Only this worker publishes to the entry while it holds the engine, so the previous reading is its own.
                entry.publish(PairReading(snapshot: snapshot, lastBarEndMs: endMs, previous: entry.reading))
            }
            state.withLock { $0.engine = engine }
        }
        return errors
    }

    /// The engine and the pending intervals, or nil (unscheduling the series) when nothing is pending.
    private func take() -> (PairEngine, [PairCloses])? {
        state.withLock { state in
            guard !state.pending.isEmpty, let engine = state.engine else {
                state.scheduled = false
                return nil
            }
            defer {
                state.pending = []
                state.engine = nil
            }
            let window = settings.configuration.window
            return (engine, state.pending.count > window ? Array(state.pending.suffix(window)) : state.pending)
        }
    }
}
