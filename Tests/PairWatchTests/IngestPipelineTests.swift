// SPDX-License-Identifier: Apache-2.0
import Exporter
import Foundation
import Logging
import MarketData
import Testing

@testable import PairWatch
@testable import Storage

/// Bars closed by trades and by the wall clock, with some trades delivered twice, reach a subscriber exactly once
/// per symbol, timeframe and interval, gapless and in order, and are the bars stored.
@Test func pipeline_whenBarsCloseByTradesAndWallClock_publishesEachIntervalOnceInOrder() async throws {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("pairwatch-pipeline-\(UUID().uuidString)")
    defer { try? FileManager.default.removeItem(at: directory) }
    let database = try TradeDatabase(path: directory.appendingPathComponent("bars.db").path)
    let writer = BatchWriter(
        database: database, statistics: StorageStatistics(), batchSize: 1_000, interval: .milliseconds(10), logger: Logger(label: "test"))
    let timeframes = ["1s", "1m"].compactMap(Timeframe.init)
    let pipeline = IngestPipeline(
        resampler: Resampler(timeframes: timeframes, allowedLatenessMs: 1_000), writer: writer, symbolMetrics: SymbolMetrics(),
        resamplerMetrics: ResamplerMetrics(timeframes: timeframes))
    let events = pipeline.barEvents.subscribe()
    var time: Int64 = 1_704_067_195_000
    for step in 0..<300 {
        time += step % 11 == 0 ? 5_000 : 300
        let trade = Trade(
            symbol: step % 3 == 0 ? "ETHUSDT" : "BTCUSDT", tradeID: Int64(step), timeMs: time, price: 100 + Double(step % 7), quantity: 1,
            buyerIsMaker: false)
        try await pipeline.handle(step % 5 == 0 ? [trade, trade] : [trade])
        if step % 4 == 0 { pipeline.tick(wallClockMs: time + 1_000) }
    }
    pipeline.barEvents.finish()
    var published: [Bar] = []
    for await bar in events { published.append(bar) }

    #expect(writer.flush())
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
}
