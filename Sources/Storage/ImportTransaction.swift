// SPDX-License-Identifier: Apache-2.0
import GRDB
import MarketData

/// Everything an import does to one file's trades and bars, inside one write transaction: all of it is kept, or
/// nothing when the body throws.
///
/// Valid only inside ``TradeDatabase/importTransaction(_:)``'s body.
public struct ImportTransaction {
    private let db: Database
    private let statements: TradeStatements

    init(_ db: Database) throws {
        self.db = db
        statements = try TradeStatements(db)
    }

    /// Inserts a trade unless (symbol, trade_id) is stored already; true when it was new.
    public func insert(_ trade: Trade) throws -> Bool { try statements.insert(trade) }

    public func upsert(_ bar: Bar) throws { try statements.upsert(bar) }

    /// Rebuilds a bar from the stored trades of its interval; false, writing nothing, when it has no stored trade.
    @discardableResult
    public func rebuild(symbol: String, timeframe: Timeframe, startMs: Int64) throws -> Bool {
        try statements.rebuild(symbol: symbol, timeframe: timeframe, startMs: startMs)
    }

    /// Close and trade count of the stored bars of `count` intervals from `startMs`, by start.
    public func bars(symbol: String, timeframe: Timeframe, from startMs: Int64, count: Int) throws -> [Int64: (close: Double, trades: Int)] {
        let last = startMs + Int64(count - 1) * timeframe.milliseconds
        let rows = try Row.fetchCursor(
            db, sql: "SELECT start_ms, close, trades FROM bars WHERE symbol = ? AND timeframe = ? AND start_ms BETWEEN ? AND ?",
            arguments: [symbol, timeframe.name, startMs, last])
        var bars: [Int64: (close: Double, trades: Int)] = [:]
        while let row = try rows.next() { bars[row["start_ms"]] = (row["close"], row["trades"]) }
        return bars
    }

    /// Start and close of the latest stored bar before `startMs`.
    public func lastBar(symbol: String, timeframe: Timeframe, before startMs: Int64) throws -> BarClose? {
        try Row.fetchOne(
            db, sql: "SELECT start_ms, close FROM bars WHERE symbol = ? AND timeframe = ? AND start_ms < ? ORDER BY start_ms DESC LIMIT 1",
            arguments: [symbol, timeframe.name, startMs]
        ).map { BarClose(startMs: $0[0], close: $0[1]) }
    }
}

extension TradeDatabase {
    /// Runs one file's import in one write transaction.
    public func importTransaction<T>(_ body: (ImportTransaction) throws -> T) throws -> T {
        try pool.write { db in
            // A file is one transaction: a 32 MB page cache (a fixed cost, whatever the file size) keeps its pages
            // from spilling to the log mid-file; with SQLite's 2 MB default a 1M-row import ran about 9% slower.
            try db.execute(sql: "PRAGMA cache_size = -32768")
            return try body(try ImportTransaction(db))
        }
    }
}
