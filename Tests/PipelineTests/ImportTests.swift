// SPDX-License-Identifier: Apache-2.0
import Foundation
import GRDB
import MarketData
import TestSupport
import Testing
import ZIPFoundation

@testable import Pipeline
@testable import Storage

private let minute = Timeframe("1m")!

private func write(_ text: String, _ name: String, in directory: URL) throws -> String {
    let path = directory.appendingPathComponent(name).path
    try text.write(toFile: path, atomically: true, encoding: .utf8)
    return path
}

/// A logical fingerprint of everything stored: equal fingerprints mean equal tables.
private func fingerprint(_ database: TradeDatabase) throws -> String {
    try database.read { db in
        let trades = try Row.fetchAll(db, sql: "SELECT * FROM trades ORDER BY symbol, trade_id").map(\.description)
        let bars = try Row.fetchAll(db, sql: "SELECT * FROM bars ORDER BY symbol, timeframe, start_ms").map(\.description)
        return "\(trades.count):\(trades.joined().hashValue):\(bars.count):\(bars.joined().hashValue)"
    }
}

private let aggRows = """
    1,100.0,1.0,1,1,60000,true
    2,101.0,2.0,2,2,61000,false
    3,99.0,1.5,3,3,200500,false

    """

@Test func importFile_whenAggTradesHaveNoHeader_insertsTradesAndGaplessBars() throws {
    let folder = try TemporaryDirectory("pairwatch-import")
    defer { folder.remove() }
    let directory = folder.url
    let database = try TradeDatabase(path: directory.appendingPathComponent("p.db").path)
    let path = try write(aggRows, "BTCUSDT-aggTrades-1970-01-01.csv", in: directory)
    let summary = try TradeImporter(database: database, timeframes: [minute]).importFile(path, format: nil, symbol: nil)
    #expect(summary.rowsRead == 3 && summary.inserted == 3 && summary.duplicates == 0 && summary.barsWritten == 3)
    let bars = try database.lastBars(symbol: "BTCUSDT", timeframe: minute, count: 10)
    #expect(bars.map(\.startMs) == [60_000, 120_000, 180_000])
    #expect(bars[0] == Bar(symbol: "BTCUSDT", timeframe: minute, startMs: 60_000, open: 100, high: 101, low: 100, close: 101, volume: 3, trades: 2))
    #expect(bars[1].trades == 0 && bars[1].close == 101 && bars[1].volume == 0)
    #expect(bars[2].close == 99)
}

@Test func importFile_whenRepeated_insertsNothingAndKeepsBars() throws {
    let folder = try TemporaryDirectory("pairwatch-import")
    defer { folder.remove() }
    let directory = folder.url
    let database = try TradeDatabase(path: directory.appendingPathComponent("p.db").path)
    let path = try write("timestamp,symbol,price,size\n1970-01-01T00:01:00Z,ETHUSDT,10,1\n60000,ETHUSDT,11,1\n", "ticks.csv", in: directory)
    let importer = TradeImporter(database: database, timeframes: [minute])
    _ = try importer.importFile(path, format: nil, symbol: nil)
    let before = try fingerprint(database)
    let again = try importer.importFile(path, format: nil, symbol: nil)
    #expect(again.inserted == 0 && again.duplicates == 2)
    #expect(try fingerprint(database) == before)
}

@Test func importFile_whenNewTradesFallInStoredBars_rebuildsThemFromAllTrades() throws {
    let folder = try TemporaryDirectory("pairwatch-import")
    defer { folder.remove() }
    let directory = folder.url
    let database = try TradeDatabase(path: directory.appendingPathComponent("p.db").path)
    let importer = TradeImporter(database: database, timeframes: [minute])
    _ = try importer.importFile(try write("id,price,qty,quote_qty,time,is_buyer_maker\n1,10,1,10,60000,True\n", "BTCUSDT-trades-a.csv", in: directory), format: nil, symbol: nil)
    _ = try importer.importFile(try write("2,12,1,12,60500,False\n", "BTCUSDT-trades-b.csv", in: directory), format: nil, symbol: nil)
    #expect(
        try database.lastBars(symbol: "BTCUSDT", timeframe: minute, count: 5) == [
            Bar(symbol: "BTCUSDT", timeframe: minute, startMs: 60_000, open: 10, high: 12, low: 10, close: 12, volume: 2, trades: 2)
        ])
}

@Test func importFile_whenZipAsDownloaded_readsTheCSVInside() throws {
    let folder = try TemporaryDirectory("pairwatch-import")
    defer { folder.remove() }
    let directory = folder.url
    let database = try TradeDatabase(path: directory.appendingPathComponent("p.db").path)
    let zip = directory.appendingPathComponent("ETHUSDT-aggTrades-1970-01-01.zip")
    let archive = try Archive(url: zip, accessMode: .create)
    let data = Data(aggRows.utf8)
    try archive.addEntry(with: "ETHUSDT-aggTrades-1970-01-01.csv", type: .file, uncompressedSize: Int64(data.count), compressionMethod: .deflate) { position, size in
        data.subdata(in: Int(position)..<Int(position) + size)
    }
    let summary = try TradeImporter(database: database, timeframes: [minute]).importFile(zip.path, format: nil, symbol: nil)
    #expect(summary.inserted == 3)
    #expect(try database.lastBars(symbol: "ETHUSDT", timeframe: minute, count: 1).first?.close == 99)
}

@Test func importFile_whenFormatIsUnknown_listsTheKnownOnes() throws {
    let folder = try TemporaryDirectory("pairwatch-import")
    defer { folder.remove() }
    let directory = folder.url
    let database = try TradeDatabase(path: directory.appendingPathComponent("p.db").path)
    let path = try write("a,b\n1,2\n", "odd.csv", in: directory)
    #expect {
        try TradeImporter(database: database, timeframes: [minute]).importFile(path, format: nil, symbol: nil)
    } throws: { error in
        "\(error)" == "\(path): cannot tell the format from its header or name; known formats: seed, aggtrades, trades (use --format)"
    }
}

/// A bad row deep in a large file aborts the whole file: the database is exactly as before.
@Test func importFile_whenRow700000IsBad_leavesTheDatabaseUnchanged() throws {
    let folder = try TemporaryDirectory("pairwatch-import")
    defer { folder.remove() }
    let directory = folder.url
    let database = try TradeDatabase(path: directory.appendingPathComponent("p.db").path)
    let importer = TradeImporter(database: database, timeframes: [minute])
    _ = try importer.importFile(try write(aggRows, "BTCUSDT-aggTrades-x.csv", in: directory), format: nil, symbol: nil)
    let before = try fingerprint(database)
    var text = ""
    text.reserveCapacity(700_000 * 40)
    for id in 10..<700_009 { text += "\(id),100.5,0.25,\(id),\(id),\(300_000 + id),false\n" }
    text += "700009,100.5,0.25,1,1,oops,false\n"
    let big = try write(text, "BTCUSDT-aggTrades-big.csv", in: directory)
    #expect {
        try importer.importFile(big, format: nil, symbol: nil)
    } throws: { error in
        "\(error)" == "\(big):700000:23: expected a time in milliseconds, found \"oops\""
    }
    #expect(try fingerprint(database) == before)
    #expect(try database.read { db in try String.fetchOne(db, sql: "PRAGMA integrity_check") } == "ok")
}

@Test func importTrades_whenGivenTheTradesOfAFile_storesWhatImportingTheFileStores() throws {
    let folder = try TemporaryDirectory("pairwatch-import")
    defer { folder.remove() }
    let directory = folder.url
    let fromFile = try TradeDatabase(path: directory.appendingPathComponent("file.db").path)
    _ = try TradeImporter(database: fromFile, timeframes: [minute]).importFile(
        try write(aggRows, "BTCUSDT-aggTrades-1970-01-01.csv", in: directory), format: nil, symbol: nil)
    let fromTrades = try TradeDatabase(path: directory.appendingPathComponent("trades.db").path)
    let importer = TradeImporter(database: fromTrades, timeframes: [minute])
    let trades = [
        Trade(symbol: "BTCUSDT", tradeID: 3, timeMs: 200_500, price: 99, quantity: 1.5, buyerIsMaker: false),
        Trade(symbol: "BTCUSDT", tradeID: 1, timeMs: 60_000, price: 100, quantity: 1, buyerIsMaker: true),
    ]
    // Two fetches overlapping on id 3, out of order: the second merges its bars with the stored ones.
    let first = try importer.importTrades(trades)
    let second = try importer.importTrades([Trade(symbol: "BTCUSDT", tradeID: 2, timeMs: 61_000, price: 101, quantity: 2, buyerIsMaker: false)] + trades.prefix(1))
    #expect(first.inserted == 2 && second.inserted == 1 && second.duplicates == 1)
    #expect(try fingerprint(fromTrades) == fingerprint(fromFile))
}

@Test func importFile_whenANewTradeChangesACloseBeforeStoredQuietIntervals_theyCarryTheNewClose() throws {
    let folder = try TemporaryDirectory("pairwatch-import")
    defer { folder.remove() }
    let directory = folder.url
    let database = try TradeDatabase(path: directory.appendingPathComponent("p.db").path)
    let importer = TradeImporter(database: database, timeframes: [minute])
    _ = try importer.importFile(try write("1,100,1,1,1,60000,true\n2,99,1,2,2,180000,true\n", "BTCUSDT-aggTrades-a.csv", in: directory), format: nil, symbol: nil)
    // Later trades in minutes 1 and 3 and after: the quiet minutes 2 (inside this file's range) and 5 (after it) carry the new closes.
    _ = try importer.importFile(
        try write("3,105,1,3,3,61000,true\n4,98,1,4,4,181000,true\n", "BTCUSDT-aggTrades-b.csv", in: directory), format: nil, symbol: nil)
    #expect(try database.lastBars(symbol: "BTCUSDT", timeframe: minute, count: 5).map(\.close) == [105, 105, 98])
    _ = try importer.importFile(try write("5,97,1,5,5,300000,true\n", "BTCUSDT-aggTrades-c.csv", in: directory), format: nil, symbol: nil)
    _ = try importer.importFile(try write("6,96,1,6,6,182000,true\n", "BTCUSDT-aggTrades-d.csv", in: directory), format: nil, symbol: nil)
    let closes = try database.lastBars(symbol: "BTCUSDT", timeframe: minute, count: 5).map(\.close)
    #expect(closes == [105, 105, 96, 96, 97])
}
