// SPDX-License-Identifier: Apache-2.0
import Foundation
import Logging
import MarketData
import PairStats
import Pipeline
import Storage

/// The daemon's pair monitor in-process, on the benchmark's stored bars: restores it, then closes one 1s bar per symbol
/// at a time through the ingest pipeline (trades through `handle`, the close through the wall-clock `tick`) and times
/// how long until every 1s engine has published the statistics of that bar.
public final class MonitorRun {
    public static let timeframes = [Timeframe("1s"), Timeframe("1m"), Timeframe("5m")].compactMap { $0 }
    /// The resampler's default lateness, as the daemon configures it: a tick at `end + lateness` closes the bar.
    public static let latenessMs: Int64 = 2_000

    public let market: BenchMarket
    public let database: TradeDatabase
    public let writer: BatchWriter
    public let pipeline: IngestPipeline
    public let monitor: PairMonitor
    private let restored: AsyncStream<Void>

    public init(market: BenchMarket, path: String, window: Int, zscoreWindow: Int, workers: Int, logger: Logger) throws {
        self.market = market
        database = try TradeDatabase(path: path)
        writer = BatchWriter(
            database: database, statistics: StorageStatistics(), batchSize: 1_000, interval: .milliseconds(200), clock: ContinuousClock(),
            logger: logger)
        pipeline = IngestPipeline(resampler: Resampler(timeframes: Self.timeframes, allowedLatenessMs: Self.latenessMs), writer: writer)
        let configuration = try PairConfiguration(window: window, zscoreWindow: zscoreWindow, method: .huber)
        let series = market.pairs.flatMap { pair in
            Self.timeframes.map { PairSeriesSettings(series: PairSeries(a: pair.a, b: pair.b, timeframe: $0), configuration: configuration) }
        }
        let (stream, continuation) = AsyncStream<Void>.makeStream()
        restored = stream
        monitor = PairMonitor(
            series: series, database: database, barEvents: pipeline.barEvents, clock: ContinuousClock(), workers: workers, logger: logger,
            onRestored: { pending in if pending == nil { continuation.yield() } })
    }

    /// Writes the market's history through the storage writer (one transaction); returns the seconds it took.
    public func store() -> Double {
        let started = Measure.now()
        for timeframe in Self.timeframes { writer.submit(bars: market.history(timeframe)) }
        writer.flush()
        return Measure.now() - started
    }

    /// Seeds the resampler from storage (as `serve` does) and runs the monitor until its restore is done; returns the
    /// seconds of each step.
    public func start() async throws -> (seed: Double, restore: Double, task: Task<Void, any Error>) {
        let started = Measure.now()
        try pipeline.continueStoredSeries(database, symbols: market.symbols)
        let seeded = Measure.now()
        let monitor = monitor
        let task = Task { try await monitor.run() }
        for await _ in restored { break }
        return (seeded - started, Measure.now() - seeded, task)
    }

    /// Closes the 1s bar of interval `step` (0 is the first after the stored history) for every symbol; returns the
    /// wall seconds from the close until every 1s series published it, and the process CPU seconds meanwhile.
    public func closeOneSecondBar(step: Int, oneSecond: [PairBoardEntry]) async throws -> (wall: Double, cpu: Double) {
        try await closeBars(of: Self.timeframes[0], step: step, waitingFor: oneSecond)
    }

    /// Closes the bars of interval `step` of `timeframe` (0 is the first after the stored history) for every symbol,
    /// with those of the shorter timeframes that end with it (one trade per symbol, early in the interval); returns
    /// the wall seconds from the close until every series of `entries` published it, and the process CPU seconds
    /// meanwhile. The stored history must end on a boundary of `timeframe`.
    public func closeBars(of timeframe: Timeframe, step: Int, waitingFor entries: [PairBoardEntry]) async throws -> (wall: Double, cpu: Double) {
        let startMs = market.endMs + Int64(step) * timeframe.milliseconds
        try await pipeline.handle(trades(startMs: startMs, step: step))
        let (wallStart, cpuStart) = (Measure.now(), Measure.processCPU())
        await pipeline.tick(wallClockMs: startMs + timeframe.milliseconds + Self.latenessMs)
        var next = 0
        while next < entries.count {
            let due = startMs + min(entries[next].series.timeframe.milliseconds, timeframe.milliseconds)
            if let reading = entries[next].reading, reading.lastBarEndMs >= due {
                next += 1
            } else {
                try await Task.sleep(for: .microseconds(100))
            }
        }
        let result = (Measure.now() - wallStart, Measure.processCPU() - cpuStart)
        writer.flush()
        return result
    }

    /// One trade per symbol in the middle of the interval, a small move from the last stored close.
    private func trades(startMs: Int64, step: Int) -> [Trade] {
        var random = SplitMix64(seed: market.seed &+ UInt64(step) &* 7_919)
        let lastCloses = market.symbols.map { symbol in
            (try? database.lastBars(symbol: symbol, timeframe: Self.timeframes[0], count: 1).last?.close) ?? 100
        }
        return market.symbols.indices.map { k in
            Trade(
                symbol: market.symbols[k], tradeID: startMs * 1_000 + Int64(k), timeMs: startMs + 500,
                price: lastCloses[k] * exp(5e-4 * random.nextGaussian()), quantity: 1, buyerIsMaker: random.next() & 1 == 1)
        }
    }
}
