// SPDX-License-Identifier: Apache-2.0
import MarketData
import PairStats
import Testing

@testable import Exporter
@testable import Pipeline

/// `pairwatch_pair_*` keeps each reading's sample text between scrapes: a scrape must still show exactly what a
/// collector that has seen nothing would, whatever changed on the board since the last.
struct PairMetricsTests {
    private func scrape(_ collector: PairMetrics) async -> String {
        let registry = quietRegistry()
        registry.register(collector)
        return await registry.render()
    }

    private func reading(slope: Double, endMs: Int64) throws -> PairReading {
        let b: [Double] = (0..<30).map { 5 + 0.5 * Double($0) }
        let a: [Double] = b.indices.map { i -> Double in slope * b[i] + (i % 3 == 0 ? 0.5 : -0.25) }
        let configuration = try PairConfiguration(window: 30, zscoreWindow: 10)
        return PairReading(snapshot: PairAnalysis.snapshot(a: a, b: b, configuration: configuration), lastBarEndMs: endMs)
    }

    @Test func scrape_whenAReadingIsPublishedBetweenScrapes_showsTheNewValues() async throws {
        let board = fixedBoard()
        let collector = PairMetrics(board)
        let first = await scrape(collector)
        #expect(await scrape(collector) == first)

        let changed = try #require(board.entries.first { $0.series.a == "SOLUSDT" })
        changed.publish(try reading(slope: 3, endMs: 1_700_000_100_000))
        let second = await scrape(collector)
        #expect(second == (await scrape(PairMetrics(board))))
        #expect(second != first)
        #expect(second.contains("pairwatch_pair_last_update_timestamp_seconds{pair=\"SOLUSDT/ETHUSDT\",timeframe=\"1m\"} 1700000100\n"))
    }

    @Test func scrape_whenASeriesGetsItsFirstReading_addsItsSamples() async throws {
        let board = PairBoard()
        let waiting = PairBoardEntry(series: PairSeries(a: "BTCUSDT", b: "ETHUSDT", timeframe: try #require(Timeframe("1s"))))
        board.replace([waiting])
        let collector = PairMetrics(board)
        #expect(!(await scrape(collector)).contains("pair=\"BTCUSDT/ETHUSDT\""))

        waiting.publish(try reading(slope: 2, endMs: 1_700_000_001_000))
        let scraped = await scrape(collector)
        #expect(scraped == (await scrape(PairMetrics(board))))
        #expect(scraped.contains("pairwatch_pair_window_samples{pair=\"BTCUSDT/ETHUSDT\",timeframe=\"1s\"} 30\n"))
    }

    @Test func scrape_whenAReloadReplacesTheSeries_showsOnlyTheNewOnes() async throws {
        let board = fixedBoard()
        let collector = PairMetrics(board)
        _ = await scrape(collector)

        let replacement = PairBoardEntry(series: PairSeries(a: "XRPUSDT", b: "ADAUSDT", timeframe: try #require(Timeframe("5m"))))
        replacement.publish(try reading(slope: 1.5, endMs: 1_700_000_300_000))
        board.replace([replacement])
        let scraped = await scrape(collector)
        #expect(scraped == (await scrape(PairMetrics(board))))
        #expect(scraped.contains("pair=\"XRPUSDT/ADAUSDT\",timeframe=\"5m\""))
        #expect(!scraped.contains("BTCUSDT"))
    }
}
