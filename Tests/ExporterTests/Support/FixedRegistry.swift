// SPDX-License-Identifier: Apache-2.0
import Logging
import MarketData

@testable import Exporter
@testable import Storage

/// A registry of every deterministic collector with fixed inputs, the source of the golden scrapes.
///
/// Process metrics read the live /proc and are left out; their parsing is tested from text.
func fixedRegistry() -> MetricsRegistry {
    let registry = quietRegistry()
    registry.register(BuildInfoMetrics(BuildInfo(version: "1.2.3", revision: "abc123def456", swiftVersion: "6.3.1")))
    let symbols = SymbolMetrics()
    symbols.record([
        Trade(symbol: "ETHUSDT", tradeID: 1, timeMs: 1_700_000_002_000, price: 3_012.25, quantity: 1, buyerIsMaker: false),
        Trade(symbol: "BTCUSDT", tradeID: 7, timeMs: 1_700_000_005_500, price: 60_001.5, quantity: 0.5, buyerIsMaker: true),
        Trade(symbol: "BTCUSDT", tradeID: 6, timeMs: 1_700_000_005_000, price: 59_000, quantity: 2, buyerIsMaker: true),
    ])
    registry.register(symbols)
    registry.register(ResamplerMetrics(timeframes: [Timeframe("1m"), Timeframe("1s")].compactMap { $0 }))
    let statistics = StorageStatistics()
    statistics.recordBatch(seconds: 0.0031, written: 120, duplicates: 3, bars: ["1m": 2])
    statistics.recordBatch(seconds: 0.42, written: 80, duplicates: 0, bars: [:])
    statistics.recordError("write")
    statistics.recordError("prune")
    registry.register(StorageMetrics(statistics: statistics) { 1_048_576 })
    return registry
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
