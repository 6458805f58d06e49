// SPDX-License-Identifier: Apache-2.0
import Exporter
import MarketData

/// The one path every trade takes after its feed, whatever the source: per-symbol accounting first, then
/// the later stages (storage, bars, pair engines) in the order their data depends on.
public final class IngestPipeline: Sendable {
    let symbolMetrics: SymbolMetrics

    public init(symbolMetrics: SymbolMetrics) {
        self.symbolMetrics = symbolMetrics
    }

    /// Takes one batch from a feed. A throw stops the feed that delivered the batch.
    @Sendable public func handle(_ trades: [Trade]) async throws {
        symbolMetrics.record(trades)
    }
}
