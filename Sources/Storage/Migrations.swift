// SPDX-License-Identifier: Apache-2.0
import GRDB

/// The schema, as an append-only list of named migrations: a shipped migration is never edited, a change is a
/// new one. Table and column names are literal because other tools and the tests read them.
enum Migrations {
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1-trades-bars") { db in
            try db.execute(
                sql: """
                    CREATE TABLE trades (
                        symbol TEXT NOT NULL,
                        trade_id INTEGER NOT NULL,
                        time_ms INTEGER NOT NULL,
                        price REAL NOT NULL CHECK (price > 0),
                        quantity REAL NOT NULL CHECK (quantity >= 0),
                        buyer_is_maker INTEGER NOT NULL CHECK (buyer_is_maker IN (0, 1)),
                        PRIMARY KEY (symbol, trade_id)
                    ) WITHOUT ROWID;
                    CREATE INDEX trades_symbol_time ON trades (symbol, time_ms);
                    CREATE TABLE bars (
                        symbol TEXT NOT NULL,
                        timeframe TEXT NOT NULL,
                        start_ms INTEGER NOT NULL,
                        open REAL NOT NULL,
                        high REAL NOT NULL,
                        low REAL NOT NULL,
                        close REAL NOT NULL,
                        volume REAL NOT NULL,
                        trades INTEGER NOT NULL,
                        PRIMARY KEY (symbol, timeframe, start_ms)
                    ) WITHOUT ROWID;
                    """)
        }
        return migrator
    }
}
