// SPDX-License-Identifier: Apache-2.0
import Foundation
import GRDB
import MarketData
import TestSupport
import Testing

@testable import Storage

/// `TradeDatabase(readingExisting:)`, the open `pairwatch analyze` uses: it reads what a writer stored, and never
/// creates, migrates or writes.
@Suite struct ReadOnlyDatabaseTests {
    @Test func readingExisting_whenTheFileIsMissing_createsNothing() throws {
        let folder = try TemporaryDirectory("pairwatch-storage")
        defer { folder.remove() }
        let path = folder.file("sub/pairwatch.db")
        #expect {
            try TradeDatabase(readingExisting: path)
        } throws: { error in
            "\(error)" == "open database \(path): no such file"
        }
        #expect(!FileManager.default.fileExists(atPath: folder.file("sub")))
    }

    @Test func readingExisting_whenAWriterStoredBars_readsThemAndCannotWrite() throws {
        let folder = try TemporaryDirectory("pairwatch-storage")
        defer { folder.remove() }
        let path = folder.file("pairwatch.db")
        let minute = try #require(Timeframe("1m"))
        let writer = try TradeDatabase(path: path)
        try writer.write { db in
            let statements = try TradeStatements(db)
            for item in [trade("ETHUSDT", 1, 60_000, 12), trade("ETHUSDT", 2, 125_000, 13)] { _ = try statements.insert(item) }
            for start: Int64 in [60_000, 120_000] { try statements.rebuild(symbol: "ETHUSDT", timeframe: minute, startMs: start) }
        }
        let reader = try TradeDatabase(readingExisting: path)
        let stored = [BarClose(startMs: 60_000, close: 12), BarClose(startMs: 120_000, close: 13)]
        #expect(try reader.closes(symbol: "ETHUSDT", timeframe: minute, count: nil) == stored)
        #expect(throws: DatabaseError.self) { try reader.write { db in try db.execute(sql: "DELETE FROM bars") } }
        #expect(try writer.closes(symbol: "ETHUSDT", timeframe: minute, count: 1) == [BarClose(startMs: 120_000, close: 13)])
    }

    @Test func readingExisting_whenTheSchemaIsNewerOrMissing_refusesNamingTheMigrations() throws {
        let folder = try TemporaryDirectory("pairwatch-storage")
        defer { folder.remove() }
        let path = folder.file("pairwatch.db")
        _ = try TradeDatabase(path: path)
        try DatabaseQueue(path: path).write { db in
            try db.execute(sql: "INSERT INTO grdb_migrations (identifier) VALUES ('v9-from-the-future')")
        }
        #expect {
            try TradeDatabase(readingExisting: path)
        } throws: { error in
            "\(error)"
                == "open database \(path): its schema was written by a newer pairwatch (unknown migrations: v9-from-the-future); upgrade pairwatch"
        }
        try DatabaseQueue(path: path).write { db in try db.execute(sql: "DELETE FROM grdb_migrations") }
        #expect {
            try TradeDatabase(readingExisting: path)
        } throws: { error in
            "\(error)"
                == "open database \(path): not a pairwatch database, or one an older pairwatch wrote (missing migrations: v1-trades-bars, v2-alerts)"
        }
    }
}

