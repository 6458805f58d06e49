// SPDX-License-Identifier: Apache-2.0
import Foundation
import GRDB
import MarketData
import TestSupport
import Testing

@testable import Storage

@Test func open_whenFileIsNew_createsFolderSchemaAndSettings() throws {
    let folder = try TemporaryDirectory("pairwatch-storage")
    defer { folder.remove() }
    let database = try TradeDatabase(path: folder.file("sub/pairwatch.db"))
    let (tables, autoVacuum, journal) = try database.read { db in
        (
            try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type IN ('table', 'index') AND name NOT LIKE 'grdb%' AND name NOT LIKE 'sqlite_%' ORDER BY name"),
            try Int.fetchOne(db, sql: "PRAGMA auto_vacuum"), try String.fetchOne(db, sql: "PRAGMA journal_mode")
        )
    }
    #expect(tables == ["alerts", "bars", "outbox", "outbox_receiver_id", "trades", "trades_symbol_time"])
    #expect(autoVacuum == 2)
    #expect(journal == "wal")
    let columns = try database.read { db in try db.columns(in: "trades").map(\.name) }
    #expect(columns == ["symbol", "trade_id", "time_ms", "price", "quantity", "buyer_is_maker"])
}

@Test func open_whenReopened_keepsDataAndAppliesNothingTwice() throws {
    let folder = try TemporaryDirectory("pairwatch-storage")
    defer { folder.remove() }
    let path = folder.file("sub/pairwatch.db")
    try TradeDatabase(path: path).write { db in _ = try TradeStatements(db).insert(trade("BTCUSDT", 1, 1_000)) }
    let reopened = try TradeDatabase(path: path)
    #expect(try reopened.tradeCount() == 1)
    #expect(try reopened.read { db in try Migrations.migrator.appliedIdentifiers(db) } == ["v1-trades-bars", "v2-alerts"])
}

@Test func open_whenSchemaIsNewer_refusesNamingTheMigration() throws {
    let folder = try TemporaryDirectory("pairwatch-storage")
    defer { folder.remove() }
    let path = folder.file("sub/pairwatch.db")
    _ = try TradeDatabase(path: path)
    let queue = try DatabaseQueue(path: path)
    try queue.write { db in try db.execute(sql: "INSERT INTO grdb_migrations (identifier) VALUES ('v9-from-the-future')") }
    #expect {
        try TradeDatabase(path: path)
    } throws: { error in
        "\(error)" == "open database \(path): its schema was written by a newer pairwatch (unknown migrations: v9-from-the-future); upgrade pairwatch"
    }
}

@Test func insert_whenTheSameTradesComeFromTwoSourcesInAnyOrder_storesEachOnce() throws {
    let folder = try TemporaryDirectory("pairwatch-storage")
    defer { folder.remove() }
    let database = try TradeDatabase(path: folder.file("sub/pairwatch.db"))
    let first = (1...500).map { trade("BTCUSDT", Int64($0), Int64($0) * 10) }
    let seed = testSeed()
    var random = SplitMix64(seed: seed)
    let second = first.shuffled(using: &random) + (501...600).map { trade("BTCUSDT", Int64($0), Int64($0) * 10) }
    let interleaved = zip(first, second.prefix(500)).flatMap { [$0, $1] } + second.dropFirst(500)
    let inserted = try database.write { db in
        let statements = try TradeStatements(db)
        return try interleaved.filter { try statements.insert($0) }.count
    }
    #expect(inserted == 600, "seed \(seed)")
    #expect(try database.tradeCount() == 600, "seed \(seed)")
}

@Test func rebuild_whenTradesAreStored_ordersOpenAndCloseByTimeThenId() throws {
    let folder = try TemporaryDirectory("pairwatch-storage")
    defer { folder.remove() }
    let database = try TradeDatabase(path: folder.file("sub/pairwatch.db"))
    let minute = try #require(Timeframe("1m"))
    try database.write { db in
        let statements = try TradeStatements(db)
        for item in [trade("ETHUSDT", 5, 61_000, 10), trade("ETHUSDT", 3, 60_000, 12), trade("ETHUSDT", 4, 60_000, 11), trade("ETHUSDT", 9, 119_999, 9, 2)] {
            _ = try statements.insert(item)
        }
        try statements.rebuild(symbol: "ETHUSDT", timeframe: minute, startMs: 60_000)
    }
    let bars = try database.lastBars(symbol: "ETHUSDT", timeframe: minute, count: 5)
    #expect(bars == [Bar(symbol: "ETHUSDT", timeframe: minute, startMs: 60_000, open: 12, high: 12, low: 9, close: 9, volume: 5, trades: 4)])
}

/// A bar rebuilt from storage (a late trade's) has the volume the resampler gives its trades in any order: the
/// quantities below add up to other doubles in other orders.
@Test func rebuild_whenQuantitiesSumDifferentlyInEachOrder_givesTheResamplersVolume() throws {
    let folder = try TemporaryDirectory("pairwatch-storage")
    defer { folder.remove() }
    let database = try TradeDatabase(path: folder.file("pairwatch.db"))
    let second = try #require(Timeframe("1s"))
    let quantities = [0.046, 0.131, 0.035, 0.906, 0.305, 0.728, 0.432, 0.1, 0.2, 0.159]
    let trades = quantities.enumerated().map { trade("BTCUSDT", Int64($0.offset), 1_000 + Int64(10 - $0.offset), 100, $0.element) }
    try database.write { db in
        let statements = try TradeStatements(db)
        for item in trades { _ = try statements.insert(item) }
        try statements.rebuild(symbol: "BTCUSDT", timeframe: second, startMs: 1_000)
    }
    var accumulator = BarAccumulator(trades[0])
    for item in trades.dropFirst() { accumulator.add(item) }
    let rebuilt = try #require(try database.lastBars(symbol: "BTCUSDT", timeframe: second, count: 1).first)
    #expect(rebuilt.volume == accumulator.volume)
    #expect(rebuilt.volume == 3.042, "the decimal sum")
    #expect(quantities.reduce(0, +) != quantities.reversed().reduce(0, +), "the doubles' sum depends on the order")
}

@Test func open_whenPathIsAFolderOrUnderAFile_saysSoInPlainWords() throws {
    let temporary = try TemporaryDirectory("pairwatch-storage")
    defer { temporary.remove() }
    let folder = temporary.path
    #expect {
        try TradeDatabase(path: folder)
    } throws: { error in
        "\(error)" == "open database \(folder): is a directory"
    }
    let file = "\(folder)/file"
    try "x".write(toFile: file, atomically: true, encoding: .utf8)
    #expect {
        try TradeDatabase(path: "\(file)/sub/x.db")
    } throws: { error in
        "\(error)" == "open database \(file)/sub/x.db: cannot create \(file)/sub: \(file) is a file, not a directory"
    }
}

@Test func lastTradeIDs_whenSymbolsHaveTrades_givesEachItsHighestIdAndLeavesOutTheOthers() throws {
    let folder = try TemporaryDirectory("pairwatch-storage")
    defer { folder.remove() }
    let database = try TradeDatabase(path: folder.file("pairwatch.db"))
    // Ids above 2^32, stored out of order: the answer is the highest id, not the latest inserted or latest in time.
    let ids: [Int64] = [5_000_000_003, 5_000_000_001, 5_000_000_007, 5_000_000_002]
    try database.write { db in
        let statements = try TradeStatements(db)
        for (index, id) in ids.enumerated() { _ = try statements.insert(trade("BTCUSDT", id, 1_000 - Int64(index))) }
        _ = try statements.insert(trade("ETHUSDT", 42, 1))
    }
    #expect(try database.lastTradeIDs(symbols: ["BTCUSDT", "ETHUSDT", "SOLUSDT"]) == ["BTCUSDT": 5_000_000_007, "ETHUSDT": 42])
}

@Test func lastTradeTimes_whenSymbolsHaveTrades_givesEachItsLatestTimeAndLeavesOutTheOthers() throws {
    let folder = try TemporaryDirectory("pairwatch-storage")
    defer { folder.remove() }
    let database = try TradeDatabase(path: folder.file("pairwatch.db"))
    // The latest time is not the highest id's: a late trade with a lower id can carry it.
    try database.write { db in
        let statements = try TradeStatements(db)
        _ = try statements.insert(trade("BTCUSDT", 7, 1_000))
        _ = try statements.insert(trade("BTCUSDT", 5, 1_500))
        _ = try statements.insert(trade("ETHUSDT", 42, 1))
    }
    #expect(try database.lastTradeTimes(symbols: ["BTCUSDT", "ETHUSDT", "SOLUSDT"]) == ["BTCUSDT": 1_500, "ETHUSDT": 1])
}
