// SPDX-License-Identifier: Apache-2.0
import Foundation
import GRDB
import MarketData

/// The SQLite database of trades and bars: WAL so readers never block the writer, `synchronous=NORMAL`
/// (durable at each checkpoint, never corrupt on a crash), a busy timeout, foreign keys on, and incremental
/// auto-vacuum so retention can give space back.
public final class TradeDatabase: Sendable {
    public let path: String
    let pool: DatabasePool

    /// Opens (creating the file and its folder when missing) and migrates; refuses a schema newer than this build.
    public init(path: String) throws {
        self.path = path
        do {
            var isDirectory: ObjCBool = false
            // SQLite would only say "unable to open database file".
            if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue {
                throw FileAccessError.reading(path, errno: EISDIR)
            }
            try FileAccess.createFolder(URL(fileURLWithPath: path).deletingLastPathComponent().path)
            var configuration = Configuration()
            configuration.busyMode = .timeout(5)
            configuration.foreignKeysEnabled = true
            configuration.prepareDatabase { db in
                // Takes effect only while the file has no tables, that is before the first migration.
                if !db.configuration.readonly { try db.execute(sql: "PRAGMA auto_vacuum = INCREMENTAL") }
                try db.execute(sql: "PRAGMA synchronous = NORMAL")
            }
            pool = try DatabasePool(path: path, configuration: configuration)
        } catch {
            throw StorageError.open(path, error)
        }
        try migrate()
    }

    /// Opens an existing database for reading only: never creates the file, migrates or writes, so looking at a
    /// database (`pairwatch analyze`) cannot change it, even one a running daemon is writing. The schema must be
    /// this build's: every known migration applied and no unknown one.
    public init(readingExisting path: String) throws {
        self.path = path
        do {
            // SQLite would only say "unable to open database file".
            try FileAccess.checkReadable(path)
            var configuration = Configuration()
            configuration.readonly = true
            configuration.busyMode = .timeout(5)
            pool = try DatabasePool(path: path, configuration: configuration)
        } catch {
            throw StorageError.open(path, error)
        }
        let applied = try appliedMigrations()
        let missing = Migrations.migrator.migrations.filter { !applied.contains($0) }
        guard missing.isEmpty else { throw StorageError.notMigrated(path, missing: missing) }
    }

    private func migrate() throws {
        let migrator = Migrations.migrator
        _ = try appliedMigrations()
        do {
            try migrator.migrate(pool)
        } catch {
            throw StorageError.open(path, error)
        }
    }

    /// The migrations the file has had; throws when one is unknown to this build (a newer pairwatch wrote it).
    private func appliedMigrations() throws -> [String] {
        let applied: [String]
        do {
            applied = try pool.read { db in
                try db.tableExists("grdb_migrations") ? try String.fetchAll(db, sql: "SELECT identifier FROM grdb_migrations") : []
            }
        } catch {
            throw StorageError.open(path, error)
        }
        let unknown = applied.filter { !Migrations.migrator.migrations.contains($0) }
        guard unknown.isEmpty else { throw StorageError.newerSchema(path, unknown: unknown) }
        return applied
    }

    /// Bytes on disk: the database file and its write-ahead log.
    public var sizeBytes: Int64 {
        [path, path + "-wal"].reduce(0) { total, file in
            let size = (try? FileManager.default.attributesOfItem(atPath: file)[.size] as? NSNumber)?.int64Value ?? 0
            return total + size
        }
    }

    /// Runs `body` in one write transaction: all of it is committed, or none.
    func write<T: Sendable>(_ body: @Sendable (Database) throws -> T) throws -> T {
        try pool.write(body)
    }

    func read<T: Sendable>(_ body: @Sendable (Database) throws -> T) throws -> T {
        try pool.read(body)
    }
}
