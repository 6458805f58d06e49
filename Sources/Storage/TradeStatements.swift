// SPDX-License-Identifier: Apache-2.0
import GRDB
import GRDBSQLite
import MarketData

/// The statements every write goes through, prepared once per connection and reused: inserting trades with
/// de-duplication on (symbol, trade_id), and upserting bars.
///
/// The two hot statements bind their values with the SQLite C API directly: boxing each value into GRDB's
/// `StatementArguments` cost more than the insert itself at import rates (measured with `perf`).
struct TradeStatements {
    private let insertTrade: Statement
    private let upsertBar: Statement
    private let rebuildBar: Statement
    private let closeOfBar: Statement
    private let nextTradedBar: Statement
    private let carryClose: Statement
    private let quantitiesOfInterval: Statement
    private let db: Database

    init(_ db: Database) throws {
        self.db = db
        insertTrade = try db.cachedStatement(
            sql: "INSERT INTO trades (symbol, trade_id, time_ms, price, quantity, buyer_is_maker) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING")
        upsertBar = try db.cachedStatement(
            sql: """
                INSERT INTO bars (symbol, timeframe, start_ms, open, high, low, close, volume, trades) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (symbol, timeframe, start_ms) DO UPDATE SET open = excluded.open, high = excluded.high, low = excluded.low,
                close = excluded.close, volume = excluded.volume, trades = excluded.trades
                """)
        // Recomputes one bar from every stored trade of its interval; open and close by (time, id) order. The volume
        // (?5) is summed beforehand as the resampler sums it (`QuantitySum`), so a rebuilt bar equals one built live.
        rebuildBar = try db.cachedStatement(
            sql: """
                INSERT INTO bars (symbol, timeframe, start_ms, open, high, low, close, volume, trades)
                SELECT ?1, ?2, ?3,
                    (SELECT price FROM trades WHERE symbol = ?1 AND time_ms >= ?3 AND time_ms < ?4 ORDER BY time_ms, trade_id LIMIT 1),
                    MAX(price), MIN(price),
                    (SELECT price FROM trades WHERE symbol = ?1 AND time_ms >= ?3 AND time_ms < ?4 ORDER BY time_ms DESC, trade_id DESC LIMIT 1),
                    ?5, COUNT(*)
                FROM trades WHERE symbol = ?1 AND time_ms >= ?3 AND time_ms < ?4
                GROUP BY symbol
                ON CONFLICT (symbol, timeframe, start_ms) DO UPDATE SET open = excluded.open, high = excluded.high, low = excluded.low,
                close = excluded.close, volume = excluded.volume, trades = excluded.trades
                """)
        // The quiet intervals after a bar carry its close (flat, no volume) up to the next interval with trades: its
        // close, then the end of the run of quiet intervals (found by walking the key forward), then the update of
        // that range alone, so the cost is the length of the run.
        closeOfBar = try db.cachedStatement(sql: "SELECT close FROM bars WHERE symbol = ? AND timeframe = ? AND start_ms = ?")
        quantitiesOfInterval = try db.cachedStatement(sql: "SELECT quantity FROM trades WHERE symbol = ? AND time_ms >= ? AND time_ms < ?")
        nextTradedBar = try db.cachedStatement(
            sql: "SELECT start_ms FROM bars WHERE symbol = ? AND timeframe = ? AND start_ms > ? AND trades > 0 ORDER BY start_ms LIMIT 1")
        carryClose = try db.cachedStatement(
            sql: """
                UPDATE bars SET open = ?4, high = ?4, low = ?4, close = ?4
                WHERE symbol = ?1 AND timeframe = ?2 AND start_ms > ?3 AND start_ms < ?5 AND trades = 0 AND close != ?4
                """)
    }

    /// Inserts a trade unless (symbol, trade_id) is stored already; true when it was new.
    func insert(_ trade: Trade) throws -> Bool {
        let handle = insertTrade.sqliteStatement
        try run(insertTrade) {
            trade.symbol.withCString { symbol in
                sqlite3_bind_text(handle, 1, symbol, -1, nil)
                sqlite3_bind_int64(handle, 2, trade.tradeID)
                sqlite3_bind_int64(handle, 3, trade.timeMs)
                sqlite3_bind_double(handle, 4, trade.price)
                sqlite3_bind_double(handle, 5, trade.quantity)
                sqlite3_bind_int64(handle, 6, trade.buyerIsMaker ? 1 : 0)
                return sqlite3_step(handle)
            }
        }
        return db.changesCount == 1
    }

    func upsert(_ bar: Bar) throws {
        let handle = upsertBar.sqliteStatement
        try run(upsertBar) {
            bar.symbol.withCString { symbol in
                bar.timeframe.name.withCString { timeframe in
                    sqlite3_bind_text(handle, 1, symbol, -1, nil)
                    sqlite3_bind_text(handle, 2, timeframe, -1, nil)
                    sqlite3_bind_int64(handle, 3, bar.startMs)
                    for (column, value) in [bar.open, bar.high, bar.low, bar.close, bar.volume].enumerated() {
                        sqlite3_bind_double(handle, Int32(column + 4), value)
                    }
                    sqlite3_bind_int64(handle, 9, Int64(bar.trades))
                    return sqlite3_step(handle)
                }
            }
        }
    }

    /// Steps a statement once through `bindAndStep` (whose text bindings live only during the step), then resets
    /// it and drops its bindings so no pointer outlives the call.
    private func run(_ statement: Statement, _ bindAndStep: () -> Int32) throws {
        let handle = statement.sqliteStatement
        let code = bindAndStep()
        sqlite3_reset(handle)
        sqlite3_clear_bindings(handle)
        guard code == SQLITE_DONE else {
            throw DatabaseError(resultCode: ResultCode(rawValue: code), message: String(cString: sqlite3_errmsg(db.sqliteConnection)), sql: statement.sql)
        }
    }

    /// Rebuilds a bar from the stored trades of its interval (a late trade, or an import over stored bars), and the
    /// quiet intervals after it that carried its former close; false, writing nothing, when the interval has no
    /// stored trade.
    @discardableResult
    func rebuild(symbol: String, timeframe: Timeframe, startMs: Int64) throws -> Bool {
        let intervalEnd = startMs + timeframe.milliseconds
        var volume = QuantitySum()
        let quantities = try Double.fetchCursor(quantitiesOfInterval, arguments: [symbol, startMs, intervalEnd])
        while let quantity = try quantities.next() { volume.add(quantity) }
        rebuildBar.setUncheckedArguments([symbol, timeframe.name, startMs, intervalEnd, volume.value])
        try rebuildBar.execute()
        guard db.changesCount > 0 else { return false }
        guard let close = try Double.fetchOne(closeOfBar, arguments: [symbol, timeframe.name, startMs]) else { return true }
        let end = try Int64.fetchOne(nextTradedBar, arguments: [symbol, timeframe.name, startMs]) ?? .max
        carryClose.setUncheckedArguments([symbol, timeframe.name, startMs, close, end])
        try carryClose.execute()
        return true
    }
}
