// SPDX-License-Identifier: Apache-2.0
import Foundation
import GRDB
import TestSupport
import Testing

@Test func importCommand_whenOneFileIsBad_importsTheOthersAndExitsOne() async throws {
    let folder = try TemporaryDirectory("pairwatch-importcmd")
    defer { folder.remove() }
    let directory = folder.url
    let good = directory.appendingPathComponent("BTCUSDT-aggTrades-2024-01-01.csv").path
    let bad = directory.appendingPathComponent("ETHUSDT-aggTrades-2024-01-01.csv").path
    try "1,42000.5,0.1,1,1,1704067200000,true\n2,42001,0.2,2,2,1704067201000,false\n".write(toFile: good, atomically: true, encoding: .utf8)
    try "1,2300,0.1,1,1,1704067200000,true\n2,abc,0.2,2,2,1704067201000,false\n".write(toFile: bad, atomically: true, encoding: .utf8)
    let database = directory.appendingPathComponent("db/pairwatch.db").path
    let output = try await runPairwatch(["import", "--storage.path", database, good, bad])
    #expect(output.status == 1)
    #expect(output.stdout.isEmpty)
    #expect(output.stderr.contains("\(bad):2:3: expected a price above 0, found \"abc\""))
    #expect(output.stderr.contains("\(good): 2 rows read, 2 inserted, 0 duplicates, "))
    let symbols = try await DatabaseQueue(path: database).read { db in try String.fetchAll(db, sql: "SELECT DISTINCT symbol FROM trades") }
    #expect(symbols == ["BTCUSDT"])
}

@Test func importCommand_whenReadingStdin_importsSeedRows() async throws {
    let folder = try TemporaryDirectory("pairwatch-importstdin")
    defer { folder.remove() }
    let database = folder.file("db/pairwatch.db")
    let rows = "timestamp,symbol,price,size,is_buyer_maker\n2024-01-01T00:00:00.5Z,SOLUSDT,101.5,3,true\n1704067201000,SOLUSDT,101.7,1,false\n"
    let output = try await runPairwatch(["import", "--storage.path", database, "--format", "seed", "-"], stdin: rows)
    #expect(output.status == 0)
    #expect(output.stderr.contains("-: 2 rows read, 2 inserted, 0 duplicates, "))
    let again = try await runPairwatch(["import", "--storage.path", database, "-"], stdin: rows)
    #expect(again.stderr.contains("-: 2 rows read, 0 inserted, 2 duplicates, 0 bars written"))
}
