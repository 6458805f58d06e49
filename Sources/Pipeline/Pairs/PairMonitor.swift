// SPDX-License-Identifier: Apache-2.0
import AsyncAlgorithms
import Atomics
import Foundation
import Logging
import MarketData
import ServiceLifecycle
import Storage
import Synchronization

/// Keeps one rolling engine (``PairEngine``) per configured pair × timeframe up to date from the bars the pipeline
/// closes, and publishes each engine's latest statistics on ``board``.
///
/// A pair series is updated when both legs have closed the bar of the same interval (carried bars count, so a quiet
/// leg keeps its last close). One dispatcher routes bars to series; `workers` threads at a lower priority compute
/// (``ComputeThread``), each series on one worker at a time, so one slow series never holds up the others' bars, the
/// dispatcher, or a scrape (which reads the board without locks). Before it reports ready, every engine is refilled from the last `window` stored bars of its
/// two legs, so the statistics after a restart are those before it.
public final class PairMonitor: Service, Sendable {
    public let board = PairBoard()
    let database: TradeDatabase
    private let subscription: BarSubscription
    private let ready = AsyncChannel<PairSeriesWork>()
    /// Series handed to the workers, and those they finished: the watchdog's evidence that the engines move.
    private let handedOut = ManagedAtomic<UInt64>(0)
    private let finished = ManagedAtomic<UInt64>(0)
    private let state = Mutex(State())
    let workers: Int
    private let logger: Logger
    private let beforeRestore: @Sendable () async -> Void
    private let onRestored: @Sendable (_ pending: String?) -> Void
    private let rebuiltBars: RebuiltBars?
    private let refreshSpacing: Duration
    private let clock: any Clock<Duration>

    private struct State {
        var router = PairRouter()
        var works: [PairSeries: PairSeriesWork] = [:]
    }

    /// One worker per core but one, so that when a 1s bar closes for every pair the engines never take every core;
    /// one core keeps 1,000 pairs' 1s updates well within a second (about 85 ms, see README).
    public static var defaultWorkers: Int { max(1, ProcessInfo.processInfo.activeProcessorCount - 1) }

    /// - Parameters:
    ///   - beforeRestore: makes sure every bar already published is in storage (the writer commits its queue), so
    ///     a series added by a reload misses none between its restore and its first live bar.
    ///   - onRestored: called with a reason while engines are being restored, and with nil once they all are.
    ///   - rebuiltBars: legs whose stored bars late trades changed; their series are restored from storage, at most
    ///     once every `refreshSpacing` on `clock`.
    public init(
        series: [PairSeriesSettings], database: TradeDatabase, barEvents: BarEvents, rebuiltBars: RebuiltBars? = nil,
        refreshSpacing: Duration = .seconds(1), clock: any Clock<Duration>, workers: Int = PairMonitor.defaultWorkers,
        logger: Logger, beforeRestore: @escaping @Sendable () async -> Void = {}, onRestored: @escaping @Sendable (String?) -> Void = { _ in }
    ) {
        self.database = database
        self.rebuiltBars = rebuiltBars
        self.refreshSpacing = refreshSpacing
        self.clock = clock
        self.workers = max(workers, 1)
        self.logger = logger
        self.beforeRestore = beforeRestore
        self.onRestored = onRestored
        // Subscribed here rather than in `run()`, so no bar closed before the monitor starts running is missed.
        subscription = barEvents.subscribe()
        let works = install(series)
        onRestored("restoring \(works.count) pair series from storage")
    }

    public func run() async throws {
        defer { subscription.cancel() }
        let waiting = state.withLock { Array($0.works.values) }
        let started = ContinuousClock.now
        try await restore(waiting)
        onRestored(nil)
        logger.info("pair series restored", metadata: ["series": "\(waiting.count)", "duration": "\(started.duration(to: .now))"])
        let threads = (0..<workers).map { _ in ComputeThread() }
        defer { threads.forEach { $0.stop() } }
        let refresher = Task { await refreshRebuilt() }
        defer { refresher.cancel() }
        await cancelWhenGracefulShutdown {
            await withTaskGroup(of: Void.self) { group in
                for thread in threads {
                    group.addTask {
                        for await work in self.ready { await thread.run { self.compute(work) } }
                    }
                }
                group.addTask {
                    await self.dispatch()
                    self.ready.finish()
                }
            }
        }
    }

    /// Applies a reloaded list of series: removed ones leave the board, added ones and those whose settings changed
    /// get a fresh engine restored from storage; the others keep running untouched.
    public func reconfigure(_ series: [PairSeriesSettings]) async throws {
        let added = install(series)
        guard !added.isEmpty else { return }
        await beforeRestore()
        try await restore(added)
    }

    /// Restores afresh from storage every series with a leg among `symbols`, once their stored bars changed under the
    /// engines (an upload of trades): a fresh engine is refilled from the last `window` stored bars, as at start-up.
    /// Each series shows its last reading until the fresh engine publishes; a computation of the engine it replaces
    /// that is still under way publishes to the entry it leaves, no longer on the board.
    public func refresh(symbols: Set<String>) async throws {
        try await refresh { symbols.contains($0.a) || symbols.contains($0.b) }
    }

    /// Restores the series of legs whose bars late trades changed in storage, until cancelled. The legs noted while
    /// a restore runs, and for `refreshSpacing` after it, are taken together by the next: a backfill of hours delivers
    /// one late page after another, and restoring every affected series for each would keep a core busy.
    private func refreshRebuilt() async {
        guard let rebuiltBars else { return }
        while !Task.isCancelled {
            let legs = await rebuiltBars.next()
            guard !legs.isEmpty else { continue }
            do {
                try await refresh { legs.contains($0.legs.a) || legs.contains($0.legs.b) }
            } catch {
                logger.error("cannot restore pair series whose bars late trades changed", metadata: ["error": "\(error)"])
            }
            try? await clock.sleep(for: refreshSpacing)
        }
    }

    private func refresh(_ affects: (PairSeries) -> Bool) async throws {
        let renewed = state.withLock { state -> [PairSeriesWork] in
            let affected = state.works.values.filter { affects($0.settings.series) }
            let renewed = affected.map { old in
                let work = PairSeriesWork(settings: old.settings, reading: old.entry.reading)
                state.works[old.settings.series] = work
                return work
            }
            if !affected.isEmpty { board.replace(state.works.values.map(\.entry)) }
            return renewed
        }
        guard !renewed.isEmpty else { return }
        await beforeRestore()
        do {
            try await restore(renewed)
        } catch {
            // Never left restoring, which would freeze the carried reading: the fresh engines go on from live bars.
            for work in renewed where work.restore([]) { compute(work) }
            throw error
        }
    }

    /// Replaces the set of series; returns the new works, still to restore.
    private func install(_ series: [PairSeriesSettings]) -> [PairSeriesWork] {
        state.withLock { state in
            let wanted = Dictionary(series.map { ($0.series, $0) }, uniquingKeysWith: { first, _ in first })
            for (key, work) in state.works where wanted[key] != work.settings {
                state.works[key] = nil
                state.router.remove(key)
            }
            var added: [PairSeriesWork] = []
            for (key, settings) in wanted where state.works[key] == nil {
                let work = PairSeriesWork(settings: settings)
                state.works[key] = work
                state.router.add(key)
                added.append(work)
            }
            // Under the lock, so that of an install and a refresh running at once the later one's list is the board's.
            board.replace(state.works.values.map(\.entry))
            return added
        }
    }

    /// Routes every closed bar to the series it completes and hands those to the workers.
    private func dispatch() async {
        for await bar in subscription {
            let due = state.withLock { state in
                state.router.route(bar).compactMap { series, closes in state.works[series].flatMap { $0.enqueue(closes) ? $0 : nil } }
            }
            for work in due {
                handedOut.wrappingIncrement(ordering: .relaxed)
                await ready.send(work)
            }
        }
    }

    func compute(_ work: PairSeriesWork) {
        for error in work.process() {
            logger.warning("pair series refused a price", metadata: ["series": "\(work.settings.series)", "error": "\(error)"])
        }
        board.noteUpdate()
        finished.wrappingIncrement(ordering: .relaxed)
    }

    /// How far the workers are: computations finished, and how many series wait for or are in a computation.
    public var progress: (finished: UInt64, waiting: UInt64) {
        let done = finished.load(ordering: .relaxed)
        return (done, handedOut.load(ordering: .relaxed) &- done)
    }
}
