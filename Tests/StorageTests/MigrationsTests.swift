// SPDX-License-Identifier: Apache-2.0
import Foundation
import GRDB
import MarketData
import TestSupport
import Testing

@testable import Storage

/// A database left at each earlier schema version (every prefix of the migration list, the empty file included)
/// opens, is brought to the current schema, keeps its trades, and accepts new ones.
@Test func open_whenDatabaseIsAtAnyEarlierVersion_migratesToTheCurrentSchemaKeepingData() throws {
    let migrator = Migrations.migrator
    let versions = [nil] + migrator.migrations.dropLast().map { Optional($0) }
    for version in versions {
        let folder = try TemporaryDirectory("pairwatch-storage")
        defer { folder.remove() }
        let path = folder.file("sub/pairwatch.db")
        try FileManager.default.createDirectory(
            atPath: URL(fileURLWithPath: path).deletingLastPathComponent().path, withIntermediateDirectories: true)
        let queue = try DatabaseQueue(path: path)
        if let version {
            try migrator.migrate(queue, upTo: version)
            try queue.write { db in _ = try TradeStatements(db).insert(trade("BTCUSDT", 1, 1_000)) }
        }
        try queue.close()
        let database = try TradeDatabase(path: path)
        #expect(try database.read { db in try migrator.appliedIdentifiers(db) } == Set(migrator.migrations))
        try database.write { db in _ = try TradeStatements(db).insert(trade("BTCUSDT", 2, 2_000)) }
        #expect(try database.tradeCount() == (version == nil ? 1 : 2), "from \(version ?? "an empty file")")
    }
}
