// SPDX-License-Identifier: Apache-2.0
import MarketData
import Storage
import Synchronization

/// The one path every trade takes after its feed, whatever the source: per-symbol accounting, then bars (published
/// to `barEvents` as they close), then storage, where trades and the bars they closed are committed together.
public final class IngestPipeline: Sendable {
    public let symbols = SymbolStatistics()
    public let resamplerStatistics: ResamplerStatistics
    /// Every bar the pipeline closes, once.
    public let barEvents: BarEvents
    /// The legs whose published bars late trades changed in storage.
    public let rebuiltBars = RebuiltBars()
    let writer: BatchWriter
    private let resampler: Mutex<Resampler>

    public init(resampler: Resampler, writer: BatchWriter, barEvents: BarEvents = BarEvents()) {
        self.resampler = Mutex(resampler)
        self.writer = writer
        self.barEvents = barEvents
        resamplerStatistics = ResamplerStatistics(timeframes: resampler.timeframes)
    }

    /// Continues every stored series of `symbols` from its last bar, so a restart leaves no gap.
    public func continueStoredSeries(_ database: TradeDatabase, symbols: [String]) throws {
        let timeframes = resampler.withLock { $0.timeframes }
        var bars: [Bar] = []
        for symbol in symbols {
            for timeframe in timeframes {
                if let bar = try database.lastBars(symbol: symbol, timeframe: timeframe, count: 1).last { bars.append(bar) }
            }
        }
        resampler.withLock { resampler in
            for bar in bars { resampler.seed(bar) }
        }
        resamplerStatistics.seed(bars)
    }

    /// Takes one batch from a feed; returns once the bar subscribers have room again. A throw stops the feed.
    @Sendable public func handle(_ trades: [Trade]) async throws {
        symbols.record(trades)
        let output = resampler.withLock { resampler in
            let output = resampler.add(trades)
            // Queued for storage before anyone sees the bars: a pair series restored from storage after committing
            // the writer's queue then misses no bar that was published before its restore.
            writer.submit(trades: trades, bars: output.closed, late: output.late)
            barEvents.publish(output.closed)
            rebuiltBars.note(output.late)
            return output
        }
        resamplerStatistics.record(output)
        if !output.closed.isEmpty { await barEvents.waitForRoom() }
    }

    /// Closes the bars the wall clock has passed, for live feeds that can fall quiet.
    public func tick(wallClockMs: Int64) async {
        let output = resampler.withLock { resampler in
            let output = resampler.advance(wallClockMs: wallClockMs)
            if !output.closed.isEmpty { writer.submit(bars: output.closed) }
            barEvents.publish(output.closed)
            return output
        }
        guard !output.closed.isEmpty else { return }
        resamplerStatistics.record(output)
        await barEvents.waitForRoom()
    }

    /// Applies a reloaded configuration: the timeframes (see ``Resampler/reconfigure(timeframes:nowMs:)``) and the
    /// symbols whose bar closes are reported.
    public func reconfigure(timeframes: [Timeframe], symbols: [String], nowMs: Int64) {
        resampler.withLock { $0.reconfigure(timeframes: timeframes, nowMs: nowMs) }
        resamplerStatistics.track(timeframes)
        resamplerStatistics.retain(symbols: Set(symbols))
    }
}
