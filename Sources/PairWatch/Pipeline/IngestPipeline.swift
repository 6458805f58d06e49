// SPDX-License-Identifier: Apache-2.0
import Exporter
import MarketData
import Storage
import Synchronization

/// The one path every trade takes after its feed, whatever the source: per-symbol accounting, then bars (published
/// to `barEvents` as they close), then storage, where trades and the bars they closed are committed together.
public final class IngestPipeline: Sendable {
    let symbolMetrics: SymbolMetrics
    let resamplerMetrics: ResamplerMetrics
    let writer: BatchWriter
    /// Every bar the pipeline closes, once.
    public let barEvents = BarEvents()
    private let resampler: Mutex<Resampler>

    public init(resampler: Resampler, writer: BatchWriter, symbolMetrics: SymbolMetrics, resamplerMetrics: ResamplerMetrics) {
        self.resampler = Mutex(resampler)
        self.writer = writer
        self.symbolMetrics = symbolMetrics
        self.resamplerMetrics = resamplerMetrics
    }

    /// Takes one batch from a feed. A throw stops the feed that delivered the batch.
    @Sendable public func handle(_ trades: [Trade]) async throws {
        symbolMetrics.record(trades)
        let output = resampler.withLock { resampler in
            let output = resampler.add(trades)
            barEvents.publish(output.closed)
            return output
        }
        writer.submit(trades: trades, bars: output.closed, late: output.late)
        resamplerMetrics.record(output)
    }

    /// Closes the bars the wall clock has passed, for live feeds that can fall quiet.
    public func tick(wallClockMs: Int64) {
        let output = resampler.withLock { resampler in
            let output = resampler.advance(wallClockMs: wallClockMs)
            barEvents.publish(output.closed)
            return output
        }
        guard !output.closed.isEmpty else { return }
        writer.submit(bars: output.closed)
        resamplerMetrics.record(output)
    }
}
