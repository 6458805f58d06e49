// SPDX-License-Identifier: Apache-2.0
import Foundation
import MarketData
import Storage
import Testing

@testable import PairWatch

/// Bars of a file whose rows come in shuffled or reversed order: the same as from the rows in time order.
@Test func importFile_whenRowsAreOutOfTimeOrder_buildsTheSameBarsAsInOrder() throws {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("pairwatch-importbars-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    var generator = SystemRandomNumberGenerator()
    let rows = (1...2_000).map { id in
        "\(id),\(100 + Double(id % 37) / 4),\(Double(id % 5 + 1) / 4),\(id),\(id),\(1_704_067_199_000 + Int64(id) * 733),\(id % 2 == 0)"
    }
    let timeframes = ["1s", "1m", "5m"].compactMap(Timeframe.init)
    var bars: [[Bar]] = []
    for (index, order) in [rows, rows.reversed(), rows.shuffled(using: &generator)].enumerated() {
        let database = try TradeDatabase(path: directory.appendingPathComponent("p\(index).db").path)
        let path = directory.appendingPathComponent("BTCUSDT-aggTrades-\(index).csv").path
        try (order.joined(separator: "\n") + "\n").write(toFile: path, atomically: true, encoding: .utf8)
        let summary = try TradeImporter(database: database, timeframes: timeframes).importFile(path, format: nil, symbol: nil)
        #expect(summary.inserted == 2_000)
        bars.append(try timeframes.flatMap { try database.lastBars(symbol: "BTCUSDT", timeframe: $0, count: 10_000) })
    }
    // 2,000 trades 733 ms apart span 1,466 s from 23:59:59.733 UTC: 1,467 one-second bars, 26 minutes, 6 five-minute bars.
    #expect(bars[0].count == 1_467 + 26 + 6)
    #expect(bars[0].first?.startMs == 1_704_067_199_000 && bars[0].first?.open == 100 + 1.0 / 4)
    #expect(bars[1] == bars[0])
    #expect(bars[2] == bars[0])
}
