// SPDX-License-Identifier: Apache-2.0
import Foundation
import MarketData
import TestSupport
import Testing

@testable import Pipeline
@testable import Storage

/// A pipeline writing to a new database in `folder`, its writer committing only when flushed.
func makePipeline(in folder: TemporaryDirectory, timeframes: [Timeframe], latenessMs: Int64 = 1_000) throws -> (IngestPipeline, TradeDatabase) {
    let database = try TradeDatabase(path: folder.file("bars.db"))
    let writer = BatchWriter(
        database: database, statistics: StorageStatistics(), batchSize: 1_000, interval: .milliseconds(10), clock: ManualClock(),
        logger: LogRecorder().logger)
    return (IngestPipeline(resampler: Resampler(timeframes: timeframes, allowedLatenessMs: latenessMs), writer: writer), database)
}

/// Bars closed by trades and by the wall clock, with some trades delivered twice, reach a subscriber exactly once
/// per symbol, timeframe and interval, gapless and in order, and are the bars stored.
@Test func pipeline_whenBarsCloseByTradesAndWallClock_publishesEachIntervalOnceInOrder() async throws {
    let folder = try TemporaryDirectory("pairwatch-pipeline")
    defer { folder.remove() }
    let timeframes = ["1s", "1m"].compactMap(Timeframe.init)
    let (pipeline, database) = try makePipeline(in: folder, timeframes: timeframes)
    let events = pipeline.barEvents.subscribe()
    var time: Int64 = 1_704_067_195_000
    for step in 0..<300 {
        time += step % 11 == 0 ? 5_000 : 300
        let trade = Trade(
            symbol: step % 3 == 0 ? "ETHUSDT" : "BTCUSDT", tradeID: Int64(step), timeMs: time, price: 100 + Double(step % 7), quantity: 1,
            buyerIsMaker: false)
        try await pipeline.handle(step % 5 == 0 ? [trade, trade] : [trade])
        if step % 4 == 0 { await pipeline.tick(wallClockMs: time + 1_000) }
    }
    pipeline.barEvents.finish()
    var published: [Bar] = []
    for await bar in events { published.append(bar) }

    #expect(pipeline.writer.flush())
    var stored: [Bar] = []
    for symbol in ["BTCUSDT", "ETHUSDT"] {
        for timeframe in timeframes {
            let series = published.filter { $0.symbol == symbol && $0.timeframe == timeframe }.map(\.startMs)
            #expect(series.count >= (timeframe.milliseconds == 1_000 ? 200 : 3))
            #expect(zip(series, series.dropFirst()).allSatisfy { $1 - $0 == timeframe.milliseconds })
            stored += try database.lastBars(symbol: symbol, timeframe: timeframe, count: 10_000)
        }
    }
    #expect(published.count == stored.count)
    let difference = Set(published).symmetricDifference(stored).sorted { ($0.startMs, $0.symbol) < ($1.startMs, $1.symbol) }
    #expect(difference.isEmpty, "\(difference.prefix(4))")
    #expect(pipeline.resamplerStatistics.snapshot.lastCloses["BTCUSDT"]?["1s"] == stored.last { $0.symbol == "BTCUSDT" && $0.timeframe.name == "1s" }?.close)
}

/// The same trades give the same bars whether they arrive live or from a file: one bar builder for both paths.
@Test func pipeline_whenTheSameTradesAreImported_storesIdenticalBars() async throws {
    let folder = try TemporaryDirectory("pairwatch-live-import")
    defer { folder.remove() }
    let timeframes = ["1s", "1m", "5m"].compactMap(Timeframe.init)
    let seed = testSeed()
    var random = SplitMix64(seed: seed)
    var time: Int64 = 1_704_067_000_000
    let trades = (1...3_000).map { id -> Trade in
        time += Int64.random(in: 0...(id % 500 == 0 ? 200_000 : 900), using: &random)
        return Trade(
            symbol: "BTCUSDT", tradeID: Int64(id), timeMs: time, price: 40_000 + Double.random(in: -50...50, using: &random).rounded(),
            quantity: Double(Int.random(in: 1...9, using: &random)) / 1_000, buyerIsMaker: id % 3 == 0)
    }
    let (pipeline, live) = try makePipeline(in: folder, timeframes: timeframes, latenessMs: 0)
    for batch in stride(from: 0, to: trades.count, by: 64) { try await pipeline.handle(Array(trades[batch..<min(batch + 64, trades.count)])) }
    // Close the last intervals too: the import writes every interval up to the last trade.
    await pipeline.tick(wallClockMs: time + 300_000)
    #expect(pipeline.writer.flush())

    let csv = folder.file("BTCUSDT-aggTrades-live.csv")
    try trades.map { "\($0.tradeID),\($0.price),\($0.quantity),\($0.tradeID),\($0.tradeID),\($0.timeMs),\($0.buyerIsMaker)" }
        .joined(separator: "\n").write(toFile: csv, atomically: true, encoding: .utf8)
    let imported = try TradeDatabase(path: folder.file("imported.db"))
    _ = try TradeImporter(database: imported, timeframes: timeframes).importFile(csv, format: .aggtrades, symbol: nil)
    for timeframe in timeframes {
        let lastImported = try imported.lastBars(symbol: "BTCUSDT", timeframe: timeframe, count: 100_000)
        let lastLive = try live.lastBars(symbol: "BTCUSDT", timeframe: timeframe, count: 100_000).filter { $0.startMs <= lastImported.last?.startMs ?? 0 }
        #expect(lastImported.count > 3)
        #expect(lastLive == lastImported, "timeframe \(timeframe.name), seed \(seed)")
    }
}

/// Seeding from storage (at start, and again at every reload) never puts an older stored close over a newer live one.
@Test func pipeline_whenSeededAgainAfterABarClosed_keepsTheLiveClose() throws {
    let statistics = ResamplerStatistics(timeframes: [Timeframe("1s")!])
    statistics.seed([.carried(100, symbol: "BTCUSDT", timeframe: Timeframe("1s")!, startMs: 0)])
    var output = Resampler.Output()
    output.closed = [.carried(105, symbol: "BTCUSDT", timeframe: Timeframe("1s")!, startMs: 5_000)]
    statistics.record(output)
    statistics.seed([.carried(101, symbol: "BTCUSDT", timeframe: Timeframe("1s")!, startMs: 1_000)])
    #expect(statistics.snapshot.lastCloses["BTCUSDT"]?["1s"] == 105)
}
