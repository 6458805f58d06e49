// SPDX-License-Identifier: Apache-2.0
import Foundation
import MarketData
import Synchronization
import TestSupport
import Testing

@testable import Storage

@Test func writer_whenFlushed_commitsInBatchesAndCountsDuplicates() throws {
    let folder = try TemporaryDirectory("pairwatch-storage")
    defer { folder.remove() }
    let database = try TradeDatabase(path: folder.file("sub/pairwatch.db"))
    let statistics = StorageStatistics()
    let writer = BatchWriter(
        database: database, statistics: statistics, batchSize: 100, interval: .milliseconds(10), clock: ManualClock(), logger: LogRecorder().logger,
        backlogBatches: 1)
    let trades = (1...250).map { trade("BTCUSDT", Int64($0), Int64($0)) }
    writer.submit(trades: trades)
    let bar = Bar(symbol: "BTCUSDT", timeframe: try #require(Timeframe("1s")), startMs: 0, open: 1, high: 1, low: 1, close: 1, volume: 1, trades: 1)
    writer.submit(trades: Array(trades.prefix(20)), bars: [bar])
    #expect(writer.flush())
    let snapshot = statistics.snapshot
    #expect(snapshot.tradesWritten == 250 && snapshot.duplicates == 20)
    #expect(snapshot.batches == 3)
    #expect(snapshot.barsWritten == ["1s": 1])
    #expect(snapshot.durationCounts.last == 3)
    #expect(try database.tradeCount() == 250)
}

@Test func writer_whenDatabaseIsReadOnly_keepsTheBatchReportsAndRetries() throws {
    let folder = try TemporaryDirectory("pairwatch-storage")
    defer { folder.remove() }
    let path = folder.file("sub/pairwatch.db")
    let database = try TradeDatabase(path: path)
    let statistics = StorageStatistics()
    let status = Mutex<[String?]>([])
    let log = LogRecorder()
    let writer = BatchWriter(
        database: database, statistics: statistics, batchSize: 100, interval: .milliseconds(10), clock: ManualClock(), logger: log.logger
    ) { failure in status.withLock { $0.append(failure) } }
    try database.write { db in try db.execute(sql: "CREATE TRIGGER refuse BEFORE INSERT ON trades BEGIN SELECT RAISE(ABORT, 'disk refused'); END") }
    writer.submit(trades: [trade("BTCUSDT", 1, 1), trade("BTCUSDT", 2, 2)])
    #expect(!writer.flush())
    #expect(statistics.snapshot.errors == ["write": 1])
    #expect(status.withLock { $0.last??.contains("disk refused") } == true)
    #expect(log.messages(atLeast: .warning) == ["cannot write to the database; will retry"])
    #expect(log.entries.first?.metadata["error"]?.contains("disk refused") == true)
    try database.write { db in try db.execute(sql: "DROP TRIGGER refuse") }
    #expect(writer.flush())
    #expect(status.withLock { $0.last } == .some(nil))
    #expect(try database.tradeCount() == 2)
}

/// A commit failing part-way through a backlog keeps what was committed and requeues the rest ahead of what
/// arrives meanwhile.
@Test func writer_whenACommitFailsMidBacklog_requeuesOnlyTheUncommittedTrades() throws {
    let folder = try TemporaryDirectory("pairwatch-storage")
    defer { folder.remove() }
    let database = try TradeDatabase(path: folder.file("sub/pairwatch.db"))
    let statistics = StorageStatistics()
    let log = LogRecorder()
    let writer = BatchWriter(
        database: database, statistics: statistics, batchSize: 100, interval: .milliseconds(10), clock: ManualClock(), logger: log.logger,
        backlogBatches: 1)
    try database.write { db in
        try db.execute(sql: "CREATE TRIGGER refuse BEFORE INSERT ON trades WHEN NEW.trade_id > 150 BEGIN SELECT RAISE(ABORT, 'disk refused'); END")
    }
    writer.submit(trades: (1...250).map { trade("BTCUSDT", Int64($0), Int64($0)) })
    #expect(!writer.flush())
    #expect(log.messages(atLeast: .warning) == ["cannot write to the database; will retry"])
    #expect(try database.tradeCount() == 100)
    writer.submit(trades: [trade("BTCUSDT", 251, 251)])
    try database.write { db in try db.execute(sql: "DROP TRIGGER refuse") }
    #expect(writer.flush())
    #expect(try database.tradeCount() == 251)
    #expect(statistics.snapshot.tradesWritten == 251 && statistics.snapshot.duplicates == 0)
}

/// A backlog (more than a batch queued when the writer comes round) is committed `backlogBatches` batches per
/// transaction; a queue of at most one batch is one transaction as before.
@Test func writer_whenABacklogIsQueued_commitsUpToBacklogBatchesPerTransaction() throws {
    let folder = try TemporaryDirectory("pairwatch-storage")
    defer { folder.remove() }
    let database = try TradeDatabase(path: folder.file("sub/pairwatch.db"))
    let statistics = StorageStatistics()
    let writer = BatchWriter(
        database: database, statistics: statistics, batchSize: 10, interval: .milliseconds(10), clock: ManualClock(), logger: LogRecorder().logger,
        backlogBatches: 4)
    writer.submit(trades: (1...95).map { trade("BTCUSDT", Int64($0), Int64($0)) })
    #expect(writer.flush())
    #expect(statistics.snapshot.batches == 3)  // 40, 40 and 15 trades
    writer.submit(trades: (96...105).map { trade("BTCUSDT", Int64($0), Int64($0)) })
    #expect(writer.flush())
    #expect(statistics.snapshot.batches == 4)
    #expect(statistics.snapshot.tradesWritten == 105)
    #expect(try database.tradeCount() == 105)
}

/// With the default of 64 batches, a replay's backlog of 270 trades at batch size 100 is one transaction; a commit
/// that fails keeps the whole transaction's trades queued, and they are written once the disk takes them again.
@Test func writer_whenABacklogCommitFails_keepsItQueuedWhole() throws {
    let folder = try TemporaryDirectory("pairwatch-storage")
    defer { folder.remove() }
    let database = try TradeDatabase(path: folder.file("sub/pairwatch.db"))
    let statistics = StorageStatistics()
    let writer = BatchWriter(
        database: database, statistics: statistics, batchSize: 100, interval: .milliseconds(10), clock: ManualClock(), logger: LogRecorder().logger)
    try database.write { db in
        try db.execute(sql: "CREATE TRIGGER refuse BEFORE INSERT ON trades WHEN NEW.trade_id > 150 BEGIN SELECT RAISE(ABORT, 'disk refused'); END")
    }
    writer.submit(trades: (1...270).map { trade("BTCUSDT", Int64($0), Int64($0)) })
    #expect(!writer.flush())
    #expect(try database.tradeCount() == 0)
    try database.write { db in try db.execute(sql: "DROP TRIGGER refuse") }
    #expect(writer.flush())
    #expect(statistics.snapshot.batches == 1)
    #expect(try database.tradeCount() == 270)
}

@Test func retention_whenSwept_deletesOnlyRowsOlderThanTheirRetention() async throws {
    let folder = try TemporaryDirectory("pairwatch-storage")
    defer { folder.remove() }
    let database = try TradeDatabase(path: folder.file("sub/pairwatch.db"))
    let second = try #require(Timeframe("1s"))
    let minute = try #require(Timeframe("1m"))
    try database.write { db in
        let statements = try TradeStatements(db)
        for id in 0..<12_000 { _ = try statements.insert(trade(id % 2 == 0 ? "BTCUSDT" : "ETHUSDT", Int64(id), Int64(id))) }
        for start in stride(from: Int64(0), to: 10_000, by: 1_000) {
            try statements.upsert(Bar(symbol: "BTCUSDT", timeframe: second, startMs: start, open: 1, high: 1, low: 1, close: 1, volume: 1, trades: 1))
            try statements.upsert(Bar(symbol: "BTCUSDT", timeframe: minute, startMs: start, open: 1, high: 1, low: 1, close: 1, volume: 1, trades: 1))
        }
    }
    let service = RetentionService(
        database: database, policy: .init(tradeRetentionMs: 2_000, barRetentionMs: [second: 5_000, minute: 100_000]), clock: ManualClock(),
        nowMs: { 12_000 }, logger: LogRecorder().logger)
    #expect(try await service.sweep() == 10_000 + 7)
    #expect(try database.tradeCount() == 2_000)
    #expect(try database.lastBars(symbol: "BTCUSDT", timeframe: second, count: 100).map(\.startMs) == [7_000, 8_000, 9_000])
    #expect(try database.lastBars(symbol: "BTCUSDT", timeframe: minute, count: 100).count == 10)
    // A reload that changes the timeframes changes the policy the next sweep applies.
    service.policy = .init(tradeRetentionMs: 2_000, barRetentionMs: [minute: 4_000])
    #expect(try await service.sweep() == 8)
    #expect(try database.lastBars(symbol: "BTCUSDT", timeframe: minute, count: 100).map(\.startMs) == [8_000, 9_000])
}

/// A late trade that changes a closed bar's close also changes the quiet intervals after it, which carried the old
/// close, up to the next interval with trades of its own.
@Test func writer_whenALateTradeChangesAClose_theQuietIntervalsAfterItCarryTheNewOne() throws {
    let folder = try TemporaryDirectory("pairwatch-storage")
    defer { folder.remove() }
    let database = try TradeDatabase(path: folder.file("pairwatch.db"))
    let writer = BatchWriter(
        database: database, statistics: StorageStatistics(), batchSize: 100, interval: .milliseconds(10), clock: ManualClock(),
        logger: LogRecorder().logger)
    let minute = try #require(Timeframe("1m"))
    func bar(_ index: Int64, _ close: Double, trades: Int) -> Bar {
        trades == 0
            ? .carried(close, symbol: "BTCUSDT", timeframe: minute, startMs: index * 60_000)
            : Bar(symbol: "BTCUSDT", timeframe: minute, startMs: index * 60_000, open: close, high: close, low: close, close: close, volume: 1, trades: 1)
    }
    writer.submit(
        trades: [trade("BTCUSDT", 1, 60_000, 100), trade("BTCUSDT", 2, 240_000, 90)],
        bars: [bar(1, 100, trades: 1), bar(2, 100, trades: 0), bar(3, 100, trades: 0), bar(4, 90, trades: 1), bar(5, 90, trades: 0)])
    #expect(writer.flush())
    writer.submit(trades: [trade("BTCUSDT", 3, 61_000, 105)], late: [.init(symbol: "BTCUSDT", timeframe: minute, startMs: 60_000)])
    #expect(writer.flush())
    let bars = try database.lastBars(symbol: "BTCUSDT", timeframe: minute, count: 10)
    #expect(bars.map(\.close) == [105, 105, 105, 90, 90])
    #expect(bars[1] == bar(2, 105, trades: 0) && bars[2] == bar(3, 105, trades: 0))
}

/// Group commit: a trade that finds the writer idle is committed at once, without waiting for a batch to fill or a
/// timer; one that arrives within the interval after a commit started waits for the interval's end, unless a full
/// batch is queued, which commits as soon as the writer is free.
@Test func writer_whenIdle_commitsATradeAtOnceAndSoonAfterACommitWaitsForTheIntervalOrAFullBatch() async throws {
    let folder = try TemporaryDirectory("pairwatch-storage")
    defer { folder.remove() }
    let database = try TradeDatabase(path: folder.file("pairwatch.db"))
    let clock = ManualClock()
    let writer = BatchWriter(
        database: database, statistics: StorageStatistics(), batchSize: 100, interval: .seconds(3_600), clock: clock, logger: LogRecorder().logger)
    let task = Task { try await writer.run() }
    defer { task.cancel() }
    writer.submit(trades: [trade("BTCUSDT", 1, 1)])
    try await waitForStoredTrades(1, in: database, "the idle writer's commit")
    writer.submit(trades: [trade("BTCUSDT", 2, 2)])
    try await clock.waitForSleepers(1)
    await clock.advance(by: .seconds(3_599))
    try await clock.waitForSleepers(1)
    #expect(try database.tradeCount() == 1)
    await clock.advance(by: .seconds(1))
    try await waitForStoredTrades(2, in: database, "the commit at the interval's end")
    writer.submit(trades: (3...101).map { trade("BTCUSDT", Int64($0), Int64($0)) })
    try await clock.waitForSleepers(1)
    #expect(try database.tradeCount() == 2)
    writer.submit(trades: [trade("BTCUSDT", 102, 102)])
    try await waitForStoredTrades(102, in: database, "the full batch's commit")
    // A quiet interval later the writer is idle again.
    await clock.advance(by: .seconds(3_600))
    writer.submit(trades: [trade("BTCUSDT", 103, 103)])
    try await waitForStoredTrades(103, in: database, "the commit after a quiet interval")
}

/// On graceful shutdown whatever is queued is committed, even within the interval after a commit.
@Test func writer_whenCancelledWithTradesQueued_commitsThemBeforeReturning() async throws {
    let folder = try TemporaryDirectory("pairwatch-storage")
    defer { folder.remove() }
    let database = try TradeDatabase(path: folder.file("pairwatch.db"))
    let clock = ManualClock()
    let writer = BatchWriter(
        database: database, statistics: StorageStatistics(), batchSize: 100, interval: .seconds(3_600), clock: clock, logger: LogRecorder().logger)
    let task = Task { try await writer.run() }
    writer.submit(trades: [trade("BTCUSDT", 1, 1)])
    try await waitForStoredTrades(1, in: database, "the idle writer's commit")
    writer.submit(trades: [trade("BTCUSDT", 2, 2)])
    try await clock.waitForSleepers(1)
    task.cancel()
    try await withTimeout(.seconds(30), "the writer's shutdown") { try await task.value }
    #expect(try database.tradeCount() == 2)
}

private func waitForStoredTrades(_ count: Int, in database: TradeDatabase, _ what: String) async throws {
    try await withTimeout(.seconds(30), what) {
        while try database.tradeCount() < count { try await Task.sleep(for: .milliseconds(2)) }
    }
}

/// A late interval is rebuilt after its late trade is stored, even when the queue spans several transactions and the
/// late trade is in the last one.
@Test func writer_whenALateTradeIsInALaterTransaction_rebuildsItsBarWithIt() throws {
    let folder = try TemporaryDirectory("pairwatch-storage")
    defer { folder.remove() }
    let database = try TradeDatabase(path: folder.file("pairwatch.db"))
    let writer = BatchWriter(
        database: database, statistics: StorageStatistics(), batchSize: 2, interval: .milliseconds(10), clock: ManualClock(),
        logger: LogRecorder().logger, backlogBatches: 1)
    let minute = try #require(Timeframe("1m"))
    let bar = Bar(symbol: "BTCUSDT", timeframe: minute, startMs: 60_000, open: 100, high: 100, low: 100, close: 100, volume: 1, trades: 1)
    writer.submit(trades: [trade("BTCUSDT", 1, 60_000, 100)], bars: [bar])
    #expect(writer.flush())
    writer.submit(
        trades: [trade("ETHUSDT", 1, 60_000), trade("ETHUSDT", 2, 60_001), trade("BTCUSDT", 2, 61_000, 105)],
        late: [.init(symbol: "BTCUSDT", timeframe: minute, startMs: 60_000)])
    #expect(writer.flush())
    #expect(try database.lastBars(symbol: "BTCUSDT", timeframe: minute, count: 1).first?.close == 105)
}
