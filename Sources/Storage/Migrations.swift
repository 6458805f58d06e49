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
        // Alert state (inactive alerts have no row) and the outbox of notifications, which a transition fills in
        // the same transaction as its state change. AUTOINCREMENT so an id is never reused after a delivered
        // message is deleted: ids give the delivery order.
        migrator.registerMigration("v2-alerts") { db in
            try db.execute(
                sql: """
                    CREATE TABLE alerts (
                        fingerprint TEXT NOT NULL PRIMARY KEY,
                        rule TEXT NOT NULL,
                        state TEXT NOT NULL CHECK (state IN ('pending', 'firing')),
                        active_since_ms INTEGER NOT NULL,
                        fired_at_ms INTEGER NULL CHECK ((fired_at_ms IS NULL) = (state = 'pending')),
                        value REAL NULL,
                        labels TEXT NOT NULL,
                        annotations TEXT NOT NULL
                    ) WITHOUT ROWID;
                    CREATE TABLE outbox (
                        id INTEGER PRIMARY KEY AUTOINCREMENT,
                        receiver TEXT NOT NULL,
                        idempotency_key TEXT NOT NULL UNIQUE,
                        created_ms INTEGER NOT NULL,
                        payload BLOB NOT NULL,
                        attempts INTEGER NOT NULL DEFAULT 0 CHECK (attempts >= 0)
                    );
                    CREATE INDEX outbox_receiver_id ON outbox (receiver, id);
                    """)
        }
        return migrator
    }
}
