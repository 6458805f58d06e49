// SPDX-License-Identifier: Apache-2.0
import Foundation
import MarketData
import Storage
import TestSupport
import Testing

@testable import Pipeline

private let timeframes = ["1s", "1m", "5m"].compactMap(Timeframe.init)

/// aggTrades rows 733 ms apart from 23:59:59.733 UTC, with a quiet stretch of 400 s after row 1,000.
private let rows = (1...2_000).map { id in
    "\(id),\(100 + Double(id % 37) / 4),\(Double(id % 5 + 1) / 4),\(id),\(id),\(1_704_067_199_000 + Int64(id) * 733 + (id > 1_000 ? 400_000 : 0)),\(id % 2 == 0)"
}

/// Imports `files` (each a list of rows) one after another into a new database, keeping `window` intervals per
/// series in memory, and returns every bar stored afterwards. A single file's summary counts each of them once.
private func importedBars(_ files: [[String]], window: Int) throws -> [Bar] {
    let folder = try TemporaryDirectory("pairwatch-importbars")
    defer { folder.remove() }
    let directory = folder.url
    let database = try TradeDatabase(path: directory.appendingPathComponent("bars.db").path)
    var importer = TradeImporter(database: database, timeframes: timeframes)
    importer.barWindow = window
    var barsWritten = 0
    for (index, file) in files.enumerated() {
        let path = directory.appendingPathComponent("BTCUSDT-aggTrades-\(index).csv").path
        try (file.joined(separator: "\n") + "\n").write(toFile: path, atomically: true, encoding: .utf8)
        let summary = try importer.importFile(path, format: nil, symbol: nil)
        #expect(summary.rowsRead == file.count)
        barsWritten = summary.barsWritten
    }
    let bars = try timeframes.flatMap { try database.lastBars(symbol: "BTCUSDT", timeframe: $0, count: 1_000_000) }
    if files.count == 1 { #expect(barsWritten == bars.count) }
    return bars
}

/// Bars of a file whose rows come in shuffled or reversed order, whether its span fits the in-memory window or
/// is many times longer: the same as from the rows in time order with everything in memory.
@Test(arguments: [ImportBars.defaultWindow, 64, 2])
func importFile_whenRowsAreOutOfTimeOrder_buildsTheSameBarsAsInOrder(window: Int) throws {
    let expected = try importedBars([rows], window: ImportBars.defaultWindow)
    // 1,466 s of trades plus 400 quiet seconds from 23:59:59.733 UTC: 1,867 one-second bars, 33 minutes, 8 five-minute bars.
    #expect(expected.count == 1_867 + 33 + 8)
    #expect(expected.first?.startMs == 1_704_067_199_000 && expected.first?.open == 100 + 1.0 / 4)
    let seed = testSeed()
    var random = SplitMix64(seed: seed)
    let orders = [("in time order", rows), ("reversed", rows.reversed()), ("shuffled with seed \(seed)", rows.shuffled(using: &random))]
    for (name, order) in orders {
        #expect(try importedBars([order], window: window) == expected, "rows \(name), window \(window)")
    }
}

/// Importing a file in overlapping parts, in any order, merges with the bars stored before: the same bars as one
/// import of the whole file, whatever the window.
@Test(arguments: [ImportBars.defaultWindow, 64, 2])
func importFile_whenPartsOverlapStoredBars_mergesToTheBarsOfTheWholeFile(window: Int) throws {
    let expected = try importedBars([rows], window: ImportBars.defaultWindow)
    let (early, late, middle) = (Array(rows[..<900]), Array(rows[1_200...]), Array(rows[600..<1_500]))
    #expect(try importedBars([early, late, middle], window: window) == expected)
    #expect(try importedBars([late, middle, early], window: window) == expected)
}

/// A silence longer than `maxQuietIntervals` inside a file (two trades a year apart, or a time in microseconds
/// among milliseconds) carries the close for that many intervals and leaves the rest a hole, instead of writing
/// (and stepping through) every interval between: the import ends at once with a bounded number of bars.
@Test func importFile_whenTradesAreYearsApart_fillsABoundedQuietStretch() async throws {
    let rows = [
        "1,100.0,1.0,1,1,1704067200000,true", "2,101.0,1.0,2,2,1735689600000,false",
        // A microsecond time: year 55,000 and more, read as milliseconds.
        "3,102.0,1.0,3,3,1735689600000000,false",
    ]
    let bars = try await withTimeout(.seconds(120), "an import of trades years apart") {
        try await offThePool { try importedBars([rows], window: ImportBars.defaultWindow) }
    }
    let maxQuiet = Int(ImportBars.maxQuietIntervals)
    for timeframe in timeframes {
        let series = bars.filter { $0.timeframe == timeframe }
        // Three bars with trades, and at most maxQuiet carried after each of the first two.
        #expect(series.filter { $0.trades > 0 }.count == 3, "\(timeframe.name)")
        #expect(series.count <= 3 + 2 * maxQuiet, "\(timeframe.name): \(series.count) bars")
        #expect(series.filter { $0.trades == 0 }.allSatisfy { $0.close == 100 || $0.close == 101 }, "\(timeframe.name)")
    }
}
