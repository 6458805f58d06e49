// SPDX-License-Identifier: Apache-2.0
import Foundation
import GRDB
import Logging
import MarketData
import ServiceLifecycle
import Synchronization

/// The one writer of live data: trades and bars from any source are queued without blocking the caller and
/// committed by group commit: whatever is queued when the writer is free is committed together, in transactions of
/// at most `batchSize` trades, or of up to `backlogBatches` × `batchSize` when more are already waiting (a burst, a
/// replay at full speed). A commit starts at most once per `interval` unless a full batch is queued, so an idle
/// writer commits a new trade at once and a busy one pays the fixed cost of a commit at most 1/`interval` times a
/// second.
///
/// A failed commit (disk full, read-only file) is logged with its cause, counted, and retried with exponential
/// backoff; the batch stays queued, so nothing is dropped, and `onWritable` reports the reason until a commit
/// succeeds again. On graceful shutdown whatever is queued is committed before `run()` returns.
public final class BatchWriter: Service, Sendable {
    struct Pending {
        var trades: [Trade] = []
        var bars: [Bar] = []
        var late: [Resampler.LateInterval] = []
        var isEmpty: Bool { trades.isEmpty && bars.isEmpty && late.isEmpty }
    }

    struct Outcome: Sendable {
        var written = 0
        var duplicates = 0
        var bars: [String: Int] = [:]
    }

    private let pending = Mutex(Pending())
    /// Wakes the writer when the queue stops being empty and when it holds a full batch.
    private let work = WakeSignal()
    private let queue = DispatchQueue(label: "pairwatch.storage.writer")
    private let database: TradeDatabase
    private let statistics: StorageStatistics
    private let batchSize: Int
    private let backlogBatches: Int
    private let interval: Duration
    private let clock: any Clock<Duration>
    private let logger: Logger
    private let onWritable: @Sendable (_ failure: String?) -> Void

    /// A backlog is committed `backlogBatches` batches per transaction: each commit rewrites the same few hot pages
    /// of the trades table and its index, so a replay at full speed committing 1,000 trades at a time spent about a
    /// fifth more per trade than in 64,000-trade transactions (measured with Benchmarks/ FeedBench), and 64 batches
    /// of the default size still commit in a fraction of a second.
    public static let defaultBacklogBatches = 64

    public init(
        database: TradeDatabase, statistics: StorageStatistics, batchSize: Int, interval: Duration, clock: any Clock<Duration>, logger: Logger,
        backlogBatches: Int = BatchWriter.defaultBacklogBatches, onWritable: @escaping @Sendable (_ failure: String?) -> Void = { _ in }
    ) {
        self.database = database
        self.statistics = statistics
        self.batchSize = batchSize
        self.backlogBatches = max(backlogBatches, 1)
        self.interval = interval
        self.clock = clock
        self.logger = logger
        self.onWritable = onWritable
    }

    /// Queues data for the next commit; never waits for the disk.
    public func submit(trades: [Trade] = [], bars: [Bar] = [], late: [Resampler.LateInterval] = []) {
        let wake = pending.withLock { queue in
            let (wasEmpty, before) = (queue.isEmpty, queue.trades.count)
            queue.trades += trades
            queue.bars += bars
            queue.late += late
            return (wasEmpty && !queue.isEmpty) || (before < batchSize && queue.trades.count >= batchSize)
        }
        if wake { work.signal() }
    }

    public func run() async throws {
        do {
            try await cancelWhenGracefulShutdown { try await self.commitLoop(self.clock) }
        } catch is CancellationError {}
        // Shutdown: commit what is queued, trying a few times before giving up with the cause logged.
        for attempt in 0..<5 where !(await commitQueued()) {
            try? await clock.sleep(for: backoff(attempt + 1))
        }
    }

    /// Group commit: waits for work, commits everything queued, and again; a failing disk is left alone for its
    /// backoff. Generic so the clock's instants can be kept.
    private func commitLoop<C: Clock<Duration>>(_ clock: C) async throws {
        var failures = 0
        var lastStart: C.Instant?
        while true {
            try await waitForWork(clock, earliest: lastStart?.advanced(by: interval))
            lastStart = clock.now
            failures = await commitQueued() ? 0 : failures + 1
            if failures > 0 { try await clock.sleep(for: backoff(failures)) }
        }
    }

    /// Returns when a full batch is queued, or anything is queued and `earliest` (one interval after the previous
    /// commit started) has passed: a trade that finds the writer idle is committed at once, and one that arrives
    /// while it commits goes with whatever else arrived meanwhile.
    private func waitForWork<C: Clock<Duration>>(_ clock: C, earliest: C.Instant?) async throws {
        while true {
            let (empty, full) = pending.withLock { ($0.isEmpty, $0.trades.count >= batchSize) }
            if full { return }
            if empty {
                await work.wait()
                try Task.checkCancellation()
                continue
            }
            guard let earliest, clock.now < earliest else { return }
            // Queued but too soon after the previous commit: until the interval ends, or the batch fills.
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask { try await clock.sleep(until: earliest, tolerance: nil) }
                group.addTask { await self.work.wait() }
                try await group.next()
                group.cancelAll()
            }
            try Task.checkCancellation()
        }
    }

    /// Commits what is queued now, for whoever needs what was submitted to be readable (the pair monitor before it
    /// restores a series), for the systemd watchdog, and in the writer's own loop. Runs `flush()` on the writer's own
    /// serial queue, so commits never overlap, and off the cooperative pool (see `DispatchQueue.perform`).
    public func commitQueued() async -> Bool {
        (try? await queue.perform { self.flush() }) ?? false
    }

    /// Doubles from 100 ms (twice the interval, when that is longer) up to 5 s.
    private func backoff(_ failures: Int) -> Duration {
        min(max(interval, .milliseconds(50)) * (1 << min(max(failures, 1), 10)), .seconds(5))
    }

    /// Commits everything queued, `batchSize` trades per transaction, or `backlogBatches` × `batchSize` when more
    /// than `batchSize` are queued (the bars and late intervals with the last); false when a commit failed. The
    /// queue is taken whole, so a backlog built up while the disk could not be written drains in linear time. Called
    /// through ``commitQueued()``, and directly by tests.
    @discardableResult
    public func flush() -> Bool {
        let queued = pending.withLock { queue -> Pending in
            defer { queue = Pending() }
            return queue
        }
        // At most `batchSize` are queued in the steady state, so only a backlog fills the larger transactions.
        let perCommit = batchSize * backlogBatches
        var committed = 0
        repeat {
            var batch = Pending()
            batch.trades = Array(queued.trades[committed..<min(committed + perCommit, queued.trades.count)])
            // Bars and late intervals go with the last transaction: a late interval is rebuilt from the stored
            // trades, so its own late trade must be stored first, whichever transaction carries it.
            if committed + batch.trades.count == queued.trades.count { (batch.bars, batch.late) = (queued.bars, queued.late) }
            if batch.isEmpty { return true }
            do {
                try commit(batch)
            } catch {
                requeue(Pending(trades: Array(queued.trades[committed...]), bars: queued.bars, late: queued.late))
                statistics.recordError("write")
                logger.error("cannot write to the database; will retry", metadata: ["path": "\(database.path)", "error": "\(error)"])
                onWritable("cannot write to \(database.path): \(error)")
                return false
            }
            onWritable(nil)
            committed += batch.trades.count
        } while committed < queued.trades.count
        return true
    }

    private func commit(_ batch: Pending) throws {
        let started = ContinuousClock.now
        let outcome = try database.write { db in
            let statements = try TradeStatements(db)
            var outcome = Outcome()
            for trade in batch.trades {
                if try statements.insert(trade) { outcome.written += 1 } else { outcome.duplicates += 1 }
            }
            for bar in batch.bars {
                try statements.upsert(bar)
                outcome.bars[bar.timeframe.name, default: 0] += 1
            }
            for interval in batch.late {
                try statements.rebuild(symbol: interval.symbol, timeframe: interval.timeframe, startMs: interval.startMs)
            }
            return outcome
        }
        let elapsed = started.duration(to: .now)
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        statistics.recordBatch(seconds: seconds, written: outcome.written, duplicates: outcome.duplicates, bars: outcome.bars)
    }

    /// Puts a failed batch back in front of whatever arrived meanwhile, keeping arrival order.
    private func requeue(_ batch: Pending) {
        pending.withLock { queue in
            queue.trades = batch.trades + queue.trades
            queue.bars = batch.bars + queue.bars
            queue.late = batch.late + queue.late
        }
    }
}
