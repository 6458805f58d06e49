// SPDX-License-Identifier: Apache-2.0
import GRDB
import MarketData

/// The statements every write goes through, prepared once per connection and reused: inserting trades with
/// de-duplication on (symbol, trade_id), and upserting bars.
public struct TradeStatements {
    private let insertTrade: Statement
    private let upsertBar: Statement
    private let rebuildBar: Statement
    private let db: Database

    public init(_ db: Database) throws {
        self.db = db
        insertTrade = try db.cachedStatement(
            sql: "INSERT INTO trades (symbol, trade_id, time_ms, price, quantity, buyer_is_maker) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING")
        upsertBar = try db.cachedStatement(
            sql: """
                INSERT INTO bars (symbol, timeframe, start_ms, open, high, low, close, volume, trades) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (symbol, timeframe, start_ms) DO UPDATE SET open = excluded.open, high = excluded.high, low = excluded.low,
                close = excluded.close, volume = excluded.volume, trades = excluded.trades
                """)
        // Recomputes one bar from every stored trade of its interval; open and close by (time, id) order.
        rebuildBar = try db.cachedStatement(
            sql: """
                INSERT INTO bars (symbol, timeframe, start_ms, open, high, low, close, volume, trades)
                SELECT ?1, ?2, ?3,
                    (SELECT price FROM trades WHERE symbol = ?1 AND time_ms >= ?3 AND time_ms < ?4 ORDER BY time_ms, trade_id LIMIT 1),
                    MAX(price), MIN(price),
                    (SELECT price FROM trades WHERE symbol = ?1 AND time_ms >= ?3 AND time_ms < ?4 ORDER BY time_ms DESC, trade_id DESC LIMIT 1),
                    SUM(quantity), COUNT(*)
                FROM trades WHERE symbol = ?1 AND time_ms >= ?3 AND time_ms < ?4
                GROUP BY symbol
                ON CONFLICT (symbol, timeframe, start_ms) DO UPDATE SET open = excluded.open, high = excluded.high, low = excluded.low,
                close = excluded.close, volume = excluded.volume, trades = excluded.trades
                """)
    }

    /// Inserts a trade unless (symbol, trade_id) is stored already; true when it was new.
    public func insert(_ trade: Trade) throws -> Bool {
        insertTrade.setUncheckedArguments([trade.symbol, trade.tradeID, trade.timeMs, trade.price, trade.quantity, trade.buyerIsMaker])
        try insertTrade.execute()
        return db.changesCount == 1
    }

    public func upsert(_ bar: Bar) throws {
        upsertBar.setUncheckedArguments([
            bar.symbol, bar.timeframe.name, bar.startMs, bar.open, bar.high, bar.low, bar.close, bar.volume, bar.trades,
        ])
        try upsertBar.execute()
    }

    /// Rebuilds a bar from the stored trades of its interval (a late trade, or an import over stored bars).
    public func rebuild(symbol: String, timeframe: Timeframe, startMs: Int64) throws {
        rebuildBar.setUncheckedArguments([symbol, timeframe.name, startMs, startMs + timeframe.milliseconds])
        try rebuildBar.execute()
    }
}
