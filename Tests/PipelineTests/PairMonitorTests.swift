// SPDX-License-Identifier: Apache-2.0
import MarketData
import PairStats
import TestSupport
import Testing

@testable import Pipeline
@testable import Storage

private let minute = Timeframe("1m")!
private let t0: Int64 = 1_704_067_200_000

/// Cointegrated closes: B a random walk, A = 3 + 1.7·B + AR(1) noise, from `seed`.
private func closes(count: Int, seed: UInt64) -> (a: [Double], b: [Double]) {
    var random = SplitMix64(seed: seed)
    var b = 100.0, noise = 0.0
    var a: [Double] = [], bs: [Double] = []
    for _ in 0..<count {
        b += Double.random(in: -1...1, using: &random)
        noise = 0.6 * noise + Double.random(in: -0.5...0.5, using: &random)
        bs.append(b)
        a.append(3 + 1.7 * b + noise)
    }
    return (a, bs)
}

private func bar(_ symbol: String, _ index: Int, _ close: Double, _ timeframe: Timeframe = minute) -> Bar {
    Bar(symbol: symbol, timeframe: timeframe, startMs: t0 + Int64(index) * timeframe.milliseconds, open: close, high: close, low: close,
        close: close, volume: 1, trades: 1)
}

private func settings(_ a: String = "AAA", _ b: String = "BBB", window: Int = 60, zscore: Int = 20, method: HedgeMethod = .huber,
                      timeframe: Timeframe = minute) throws -> PairSeriesSettings {
    PairSeriesSettings(series: PairSeries(a: a, b: b, timeframe: timeframe),
                       configuration: try PairConfiguration(window: window, zscoreWindow: zscore, method: method))
}

/// The reference: the engine's statistics over the last `window` closes, computed from scratch.
private func expected(_ a: [Double], _ b: [Double], _ settings: PairSeriesSettings) -> PairSnapshot {
    let n = settings.configuration.window
    return PairAnalysis.snapshot(a: Array(a.suffix(n)), b: Array(b.suffix(n)), configuration: settings.configuration)
}

/// Yields (never sleeps) until `condition` holds; false after `limit` tries, so a broken monitor fails the test.
private func eventually(_ limit: Int = 2_000_000, _ condition: () -> Bool) async -> Bool {
    for _ in 0..<limit {
        if condition() { return true }
        await Task.yield()
    }
    return condition()
}

private func withMonitor(
    _ series: [PairSeriesSettings], database: TradeDatabase, events: BarEvents, _ body: (PairMonitor) async throws -> Void
) async throws {
    let monitor = PairMonitor(series: series, database: database, barEvents: events, clock: ManualClock(), workers: 2, logger: LogRecorder().logger)
    try await withThrowingTaskGroup(of: Void.self) { group in
        group.addTask { try await monitor.run() }
        try await body(monitor)
        group.cancelAll()
    }
}

private func reading(_ monitor: PairMonitor, _ series: PairSeries) -> PairReading? {
    monitor.board.entries.first { $0.series == series }?.reading
}

@Test func monitor_whenLegsCloseInEitherOrder_updatesOncePerIntervalAndMatchesFromScratch() async throws {
    let folder = try TemporaryDirectory("pairwatch-monitor")
    defer { folder.remove() }
    let database = try TradeDatabase(path: folder.file("m.db"))
    let events = BarEvents()
    let settings = try settings()
    let (a, b) = closes(count: 150, seed: 7)
    try await withMonitor([settings], database: database, events: events) { monitor in
        #expect(await eventually { monitor.board.entries.count == 1 })
        for i in a.indices {
            // B first on odd intervals, A first on even ones; a bar of another timeframe and symbol in between.
            let legs = [bar("AAA", i, a[i]), bar("CCC", i, 5), bar("BBB", i, b[i]), bar("AAA", i, a[i], Timeframe("1s")!)]
            events.publish(i % 2 == 0 ? legs : legs.reversed())
        }
        let last = t0 + Int64(a.count) * minute.milliseconds
        #expect(await eventually { reading(monitor, settings.series)?.lastBarEndMs == last })
        let got = try #require(reading(monitor, settings.series))
        let want = expected(a, b, settings)
        #expect(got.snapshot.samples == 60)
        #expect(got.snapshot == want || isClose(got.snapshot, want), "\(got.snapshot) vs \(want)")
    }
}

@Test func monitor_whenStarted_restoresEveryEngineFromStoredBars() async throws {
    let folder = try TemporaryDirectory("pairwatch-monitor")
    defer { folder.remove() }
    let (pipeline, database) = try makePipeline(in: folder, timeframes: [minute])
    let (a, b) = closes(count: 120, seed: 11)
    pipeline.writer.submit(bars: a.indices.flatMap { [bar("AAA", $0, a[$0]), bar("BBB", $0, b[$0])] })
    #expect(pipeline.writer.flush())
    let ols = try settings(window: 80, method: .ols)
    let other = try settings("BBB", "AAA", window: 40, zscore: 10)
    try await withMonitor([ols, other], database: database, events: BarEvents()) { monitor in
        let last = t0 + 120 * minute.milliseconds
        #expect(await eventually { reading(monitor, ols.series)?.lastBarEndMs == last && reading(monitor, other.series)?.lastBarEndMs == last })
        #expect(reading(monitor, ols.series)?.snapshot == expected(a, b, ols))
        #expect(reading(monitor, other.series)?.snapshot == expected(b, a, other))
    }
}

@Test func monitor_whenReconfigured_addsRemovesAndRebuildsSeries() async throws {
    let folder = try TemporaryDirectory("pairwatch-monitor")
    defer { folder.remove() }
    let (pipeline, database) = try makePipeline(in: folder, timeframes: [minute])
    let (a, b) = closes(count: 100, seed: 3)
    pipeline.writer.submit(bars: a.indices.flatMap { [bar("AAA", $0, a[$0]), bar("BBB", $0, b[$0]), bar("CCC", $0, b[$0] * 2 + 1)] })
    #expect(pipeline.writer.flush())
    let kept = try settings(window: 50)
    let removed = try settings("CCC", "BBB", window: 30)
    try await withMonitor([kept, removed], database: database, events: BarEvents()) { monitor in
        let last = t0 + 100 * minute.milliseconds
        #expect(await eventually { reading(monitor, removed.series)?.lastBarEndMs == last })
        let widened = try settings(window: 90)
        let added = try settings("CCC", "AAA", window: 40)
        try await monitor.reconfigure([widened, added])
        #expect(monitor.board.entries.map(\.series.pair) == ["AAA/BBB", "CCC/AAA"])
        #expect(reading(monitor, widened.series)?.snapshot == expected(a, b, widened))
        #expect(reading(monitor, widened.series)?.snapshot.samples == 90)
        #expect(reading(monitor, added.series)?.snapshot == expected(b.map { $0 * 2 + 1 }, a, added))
    }
}

/// Equality up to rounding, for a monitor whose sliding moments were updated in place.
private func isClose(_ x: PairSnapshot, _ y: PairSnapshot) -> Bool {
    func near(_ p: Double?, _ q: Double?) -> Bool {
        guard let p, let q else { return p == nil && q == nil }
        return abs(p - q) <= 1e-9 * max(1, abs(q))
    }
    return x.samples == y.samples && near(x.hedge.value?.slope, y.hedge.value?.slope) && near(x.zScore.value, y.zScore.value)
        && near(x.adf.value?.statistic, y.adf.value?.statistic) && near(x.correlation.value, y.correlation.value)
        && near(x.halfLifeBars.value, y.halfLifeBars.value) && near(x.cointegration.value?.pValue, y.cointegration.value?.pValue)
}

/// Bars of one leg rewritten in storage (an upload): a refresh of that symbol restores its series from the stored bars,
/// and leaves a series without it untouched.
@Test func monitor_whenRefreshedAfterALegsStoredBarsChanged_restoresItsSeriesFromStorage() async throws {
    let folder = try TemporaryDirectory("pairwatch-monitor")
    defer { folder.remove() }
    let (pipeline, database) = try makePipeline(in: folder, timeframes: [minute])
    let (a, b) = closes(count: 100, seed: 5)
    let (c, d) = closes(count: 100, seed: 6)
    pipeline.writer.submit(bars: a.indices.flatMap { [bar("AAA", $0, a[$0]), bar("BBB", $0, b[$0]), bar("CCC", $0, c[$0]), bar("DDD", $0, d[$0])] })
    #expect(pipeline.writer.flush())
    let changed = try settings(window: 80)
    let other = try settings("CCC", "DDD", window: 80)
    try await withMonitor([changed, other], database: database, events: BarEvents()) { monitor in
        let last = t0 + 100 * minute.milliseconds
        #expect(await eventually { reading(monitor, changed.series)?.lastBarEndMs == last && reading(monitor, other.series)?.lastBarEndMs == last })
        let untouched = try #require(monitor.board.entries.first { $0.series == other.series })
        var rewritten = a
        for index in 40..<100 { rewritten[index] = a[index] * 1.01 + Double(index % 7) }
        pipeline.writer.submit(bars: (40..<100).map { bar("AAA", $0, rewritten[$0]) })
        #expect(pipeline.writer.flush())
        #expect(reading(monitor, changed.series)?.snapshot == expected(a, b, changed), "the engine does not read storage by itself")
        try await monitor.refresh(symbols: ["AAA", "ZZZ"])
        #expect(reading(monitor, changed.series)?.snapshot == expected(rewritten, b, changed))
        #expect(reading(monitor, changed.series)?.lastBarEndMs == last)
        #expect(monitor.board.entries.first { $0.series == other.series } === untouched)
        #expect(untouched.reading?.snapshot == expected(c, d, other))
    }
}

/// Trades that arrive after their bars closed (a backfill after a reconnect): the bars the engine took were carried
/// from the interval before, the stored ones are rebuilt with the trades, and the series is restored from storage, so
/// its statistics are those of the stored bars, as after a restart; at most one restore per `refreshSpacing`.
@Test func monitor_whenLateTradesChangePublishedBars_restoresTheSeriesFromTheRebuiltBars() async throws {
    let folder = try TemporaryDirectory("pairwatch-monitor")
    defer { folder.remove() }
    let (pipeline, database) = try makePipeline(in: folder, timeframes: [minute], latenessMs: 0)
    let (a, b) = closes(count: 100, seed: 9)
    let settings = try settings(window: 80)
    func trade(_ symbol: String, _ minuteIndex: Int, _ price: Double) -> Trade {
        Trade(symbol: symbol, tradeID: Int64(minuteIndex), timeMs: t0 + Int64(minuteIndex) * minute.milliseconds + (symbol == "AAA" ? 1_000 : 2_000),
              price: price, quantity: 1, buyerIsMaker: false)
    }
    let clock = ManualClock()
    let monitor = PairMonitor(
        series: [settings], database: database, barEvents: pipeline.barEvents, rebuiltBars: pipeline.rebuiltBars, refreshSpacing: .seconds(60),
        clock: clock, workers: 2, logger: LogRecorder().logger, beforeRestore: { _ = pipeline.writer.flush() })
    /// The statistics of the last 80 closes, with AAA's minutes in `carried` taking the close of the minute before.
    func want(carried: [Int]) -> PairSnapshot {
        var closes = Array(a.prefix(99))
        for index in carried { closes[index] = closes[index - 1] }
        return expected(closes, Array(b.prefix(99)), settings)
    }
    func shows(_ snapshot: PairSnapshot) -> Bool { reading(monitor, settings.series).map { isClose($0.snapshot, snapshot) } ?? false }
    try await withThrowingTaskGroup(of: Void.self) { group in
        group.addTask { try await monitor.run() }
        // Minutes 50 and 60 of AAA are missing when they close: their bars carry the close of the minute before.
        for index in a.indices {
            try await pipeline.handle(index == 50 || index == 60 ? [trade("BBB", index, b[index])] : [trade("AAA", index, a[index]), trade("BBB", index, b[index])])
        }
        #expect(await eventually { reading(monitor, settings.series)?.lastBarEndMs == t0 + 99 * minute.milliseconds })
        #expect(shows(want(carried: [50, 60])), "the engine took the carried bars")
        try await pipeline.handle([trade("AAA", 50, a[50])])
        #expect(await eventually { shows(want(carried: [60])) })
        try await clock.waitForSleepers(1, timeout: .seconds(10))
        try await pipeline.handle([trade("AAA", 60, a[60])])
        for _ in 0..<1_000 { await Task.yield() }
        #expect(shows(want(carried: [60])), "no second restore within refreshSpacing of the first")
        await clock.advance(by: .seconds(60))
        #expect(await eventually { shows(want(carried: [])) })
        #expect(pipeline.writer.flush())
        let stored = try database.lastBars(symbol: "AAA", timeframe: minute, count: 99)
        #expect(stored.first { $0.startMs == t0 + 60 * minute.milliseconds }?.close == a[60])
        group.cancelAll()
    }
}
