// SPDX-License-Identifier: Apache-2.0
import Dispatch
import GRDB
import Logging
import MarketData
import ServiceLifecycle
import Synchronization

/// How long trades, and bars of each timeframe, are kept.
public struct RetentionPolicy: Sendable {
    public var tradeRetentionMs: Int64
    public var barRetentionMs: [Timeframe: Int64]

    public init(tradeRetentionMs: Int64, barRetentionMs: [Timeframe: Int64]) {
        self.tradeRetentionMs = tradeRetentionMs
        self.barRetentionMs = barRetentionMs
    }
}

/// Deletes raw trades older than the trade retention and bars older than their timeframe's retention, in small
/// chunks of short transactions so ingest is never held up for long, then returns the freed pages to the file
/// system (`PRAGMA incremental_vacuum`).
public final class RetentionService<C: Clock>: Service, Sendable where C.Duration == Duration {
    public typealias Policy = RetentionPolicy

    let database: TradeDatabase
    private let current: Mutex<Policy>
    let clock: C
    let period: Duration
    let nowMs: @Sendable () -> Int64
    let logger: Logger
    static var chunk: Int { 5_000 }

    public init(
        database: TradeDatabase, policy: Policy, clock: C, period: Duration = .seconds(60), nowMs: @escaping @Sendable () -> Int64, logger: Logger
    ) {
        self.database = database
        current = Mutex(policy)
        self.clock = clock
        self.period = period
        self.nowMs = nowMs
        self.logger = logger
    }

    public func run() async throws {
        do {
            try await cancelWhenGracefulShutdown {
                while true {
                    do {
                        let deleted = try await self.sweep()
                        if deleted > 0 { self.logger.debug("retention sweep", metadata: ["deleted": "\(deleted)"]) }
                    } catch {
                        self.logger.warning("retention sweep failed", metadata: ["error": "\(error)"])
                    }
                    try await self.clock.sleep(for: self.period)
                }
            }
        } catch is CancellationError {}
    }

    /// The policy the next sweeps apply (a reload that adds or removes timeframes).
    public var policy: Policy {
        get { current.withLock { $0 } }
        set { current.withLock { $0 = newValue } }
    }

    /// One pass over trades and every timeframe's bars; returns the number of rows deleted. Runs on a queue of its own,
    /// off the cooperative pool (see `DispatchQueue.perform`).
    public func sweep() async throws -> Int {
        let now = nowMs()
        return try await retentionQueue.perform { try self.sweep(now: now) }
    }

    private func sweep(now: Int64) throws -> Int {
        let policy = policy
        var deleted = 0
        // One index seek per symbol instead of `SELECT DISTINCT`, which reads every trade (60 ms per 2M rows).
        let symbols = try database.read { db in
            try String.fetchAll(
                db, sql: """
                    WITH RECURSIVE symbols(symbol) AS (
                        SELECT MIN(symbol) FROM trades
                        UNION ALL SELECT (SELECT MIN(symbol) FROM trades WHERE symbol > symbols.symbol) FROM symbols WHERE symbol IS NOT NULL)
                    SELECT symbol FROM symbols WHERE symbol IS NOT NULL
                    """)
        }
        for symbol in symbols {
            deleted += try deleteInChunks(
                "DELETE FROM trades WHERE symbol = ?1 AND trade_id IN (SELECT trade_id FROM trades WHERE symbol = ?1 AND time_ms < ?2 LIMIT ?3)",
                [symbol, now - policy.tradeRetentionMs, Self.chunk])
        }
        for (timeframe, retention) in policy.barRetentionMs {
            deleted += try deleteInChunks(
                "DELETE FROM bars WHERE timeframe = ?1 AND (symbol, start_ms) IN (SELECT symbol, start_ms FROM bars WHERE timeframe = ?1 AND start_ms < ?2 LIMIT ?3)",
                [timeframe.name, now - retention, Self.chunk])
        }
        if deleted > 0 { try database.write { db in try db.execute(sql: "PRAGMA incremental_vacuum") } }
        return deleted
    }

    /// Each chunk is a transaction of its own, so the writer's commits go in between.
    private func deleteInChunks(_ sql: String, _ arguments: StatementArguments) throws -> Int {
        var total = 0
        while true {
            let count = try database.write { db in
                try db.execute(sql: sql, arguments: arguments)
                return db.changesCount
            }
            total += count
            if count < Self.chunk { return total }
        }
    }
}

/// The queue retention sweeps run on (a generic type cannot hold it as a static property).
private let retentionQueue = DispatchQueue(label: "pairwatch.storage.retention")
