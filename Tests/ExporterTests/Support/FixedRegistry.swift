// SPDX-License-Identifier: Apache-2.0
import Feeds
import Foundation
import Logging
import MarketData
import NIOCore
import PairStats

@testable import Alerting
@testable import Exporter
@testable import Pipeline
@testable import Storage

/// A registry of every deterministic collector with fixed inputs, the source of the golden scrapes.
///
/// Process metrics read the live /proc and are left out; their parsing is tested from text.
func fixedRegistry() -> MetricsRegistry {
    let registry = quietRegistry()
    registry.register(BuildInfoMetrics(BuildInfo(version: "1.2.3", revision: "abc123def456", swiftVersion: "6.3.1")))
    registry.register(ConfigMetrics(loadedAtMs: 1_700_000_000_250))
    let symbols = SymbolStatistics()
    symbols.record([
        Trade(symbol: "ETHUSDT", tradeID: 1, timeMs: 1_700_000_002_000, price: 3_012.25, quantity: 1, buyerIsMaker: false),
        Trade(symbol: "BTCUSDT", tradeID: 7, timeMs: 1_700_000_005_500, price: 60_001.5, quantity: 0.5, buyerIsMaker: true),
        Trade(symbol: "BTCUSDT", tradeID: 6, timeMs: 1_700_000_005_000, price: 59_000, quantity: 2, buyerIsMaker: true),
    ])
    registry.register(SymbolMetrics(symbols))
    let resampler = ResamplerStatistics(timeframes: [Timeframe("1m"), Timeframe("1s")].compactMap { $0 })
    resampler.seed([.carried(60_001.5, symbol: "BTCUSDT", timeframe: minute, startMs: 1_700_000_000_000)])
    registry.register(ResamplerMetrics(resampler))
    registry.register(PairMetrics(fixedBoard()))
    let statistics = StorageStatistics()
    statistics.recordBatch(seconds: 0.0031, written: 120, duplicates: 3, bars: ["1m": 2])
    statistics.recordBatch(seconds: 0.42, written: 80, duplicates: 0, bars: [:])
    statistics.recordError("write")
    statistics.recordError("prune")
    registry.register(StorageMetrics(statistics: statistics) { 1_048_576 })
    registry.register(FeedMetrics(fixedFeedStatistics()))
    registry.register(AlertingMetrics(fixedAlertingStatistics()))
    let uploads = UploadStatistics()
    uploads.record(.ok, inserted: 1_200)
    uploads.record(.ok, inserted: 0)
    uploads.record(.badRequest)
    uploads.record(.unauthorized)
    registry.register(UploadMetrics(uploads))
    registry.register(StreamMetrics(fixedStreamHub()))
    return registry
}

/// One client connected, and one dropped for falling behind the buffer.
private func fixedStreamHub() -> StreamHub {
    let hub = StreamHub(settings: .init(capacity: 1))
    let dropped = hub.subscribe(after: nil)
    hub.publish([(.snapshot, ByteBuffer(string: "{}")), (.snapshot, ByteBuffer(string: "{}"))])
    _ = hub.subscribe(after: nil)
    _ = dropped
    return hub
}

/// Two rules and two receivers: one alert firing and one pending, deliveries of every result.
private func fixedAlertingStatistics() -> AlertingStatistics {
    let alerting = AlertingStatistics()
    alerting.declare(rules: ["SpreadZscoreHigh", "FeedStale"], receivers: ["ops", "alertmanager"])
    alerting.recordTransitions([("SpreadZscoreHigh", .pending), ("SpreadZscoreHigh", .firing), ("FeedStale", .pending)], enqueued: ["ops": 3, "alertmanager": 1])
    alerting.setActive(["SpreadZscoreHigh": .init(pending: 0, firing: 1), "FeedStale": .init(pending: 1, firing: 0)])
    alerting.record(.failed, receiver: "ops")
    alerting.record(.delivered, receiver: "ops", latencySeconds: 0.004)
    alerting.record(.delivered, receiver: "alertmanager", latencySeconds: 42)
    alerting.record(.rejected, receiver: "ops")
    alerting.recordEvaluation(seconds: 0.0042)
    return alerting
}

/// Two connections, one up and one down after a stall, with a backfill and a gap on one symbol.
private func fixedFeedStatistics() -> FeedStatistics {
    let feed = FeedStatistics()
    feed.declare(symbols: ["BTCUSDT", "ETHUSDT"])
    feed.connected("binance-0")
    feed.connected("binance-1")
    feed.received(3, on: "binance-0", at: 1_700_000_006_000, lagsSeconds: [0.004, 0.03, 1.5])
    feed.received(1, on: "binance-1", at: 1_700_000_001_250)
    feed.decodeFailed()
    feed.reconnecting(.stale)
    feed.disconnected("binance-1", problem: "no trade for 60s")
    feed.backfilled(250, symbol: "ETHUSDT")
    feed.gap(symbol: "ETHUSDT")
    return feed
}

/// A registry whose log goes nowhere, so the failures tests provoke on purpose stay out of the test output.
func quietRegistry() -> MetricsRegistry {
    MetricsRegistry(logger: Logger(label: "test") { _ in SwiftLogNoOpLogHandler() })
}

/// A collector whose snapshot always fails, to show the scrape goes on without it.
struct FailingCollector: MetricsCollector {
    struct Failure: Error {}

    func snapshot() throws -> Int { throw Failure() }

    func write(_ snapshot: Int, to encoder: inout MetricsEncoder) async {
        await encoder.family("pairwatch_never_written", help: "Never written.", type: .gauge)
        await encoder.sample(Double(snapshot))
    }
}

private let minute = Timeframe("1m")!

/// Closes of two legs, the same on every machine: `b` a walk from 2,000 by a fixed hash-like noise (the fractional part
/// of a large sine), `a = 5 + slope · b` plus `noise` times more of it.
func fixedCloses(count: Int, slope: Double, noise scale: Double) -> (a: [Double], b: [Double]) {
    func noise(_ i: Int) -> Double { (sin(Double(i) * 12.9898) * 43_758.5453).truncatingRemainder(dividingBy: 1) }
    var level = 2_000.0
    let b = (0..<count).map { i -> Double in
        level += 5 * noise(i)
        return level
    }
    return (b.indices.map { 5 + slope * b[$0] + scale * noise($0 + 100) }, b)
}

/// Two pair series with fixed closes: one with every statistic, one with too few bars for most of them.
func fixedBoard() -> PairBoard {
    let full = PairBoardEntry(series: PairSeries(a: "BTCUSDT", b: "ETHUSDT", timeframe: minute))
    let short = PairBoardEntry(series: PairSeries(a: "SOLUSDT", b: "ETHUSDT", timeframe: minute))
    let (a, b) = fixedCloses(count: 30, slope: 20, noise: 30)
    let configuration = try! PairConfiguration(window: 30, zscoreWindow: 10)
    full.publish(PairReading(snapshot: PairAnalysis.snapshot(a: a, b: b, configuration: configuration), lastBarEndMs: 1_700_000_040_000))
    short.publish(PairReading(
        snapshot: PairAnalysis.snapshot(a: Array(a.prefix(3)), b: Array(b.prefix(3)), configuration: configuration), lastBarEndMs: 1_700_000_040_000))
    let board = PairBoard()
    board.replace([short, full])
    return board
}
