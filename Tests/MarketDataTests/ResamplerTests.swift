// SPDX-License-Identifier: Apache-2.0
import Testing

@testable import MarketData

private let second = Timeframe("1s")!
private let minute = Timeframe("1m")!
private let fiveMinutes = Timeframe("5m")!

private func trade(_ symbol: String, _ id: Int64, _ timeMs: Int64, _ price: Double, _ quantity: Double = 1) -> Trade {
    Trade(symbol: symbol, tradeID: id, timeMs: timeMs, price: price, quantity: quantity, buyerIsMaker: false)
}

/// Bars as a plain reference computes them: group by interval, order by (time, id), fill gaps with the last close.
private func referenceBars(_ trades: [Trade], _ timeframe: Timeframe, until watermark: Int64) -> [Bar] {
    var bars: [Bar] = []
    for symbol in Set(trades.map(\.symbol)).sorted() {
        let mine = trades.filter { $0.symbol == symbol }.sorted { ($0.timeMs, $0.tradeID) < ($1.timeMs, $1.tradeID) }
        let groups = Dictionary(grouping: mine) { timeframe.start(containing: $0.timeMs) }
        guard let first = groups.keys.min() else { continue }
        var start = first
        var lastClose = 0.0
        while start + timeframe.milliseconds <= watermark {
            if let group = groups[start], let open = group.first, let close = group.last {
                let prices = group.map(\.price)
                bars.append(Bar(symbol: symbol, timeframe: timeframe, startMs: start, open: open.price, high: prices.max() ?? 0, low: prices.min() ?? 0,
                                close: close.price, volume: group.reduce(0) { $0 + $1.quantity }, trades: group.count))
                lastClose = close.price
            } else {
                bars.append(Bar(symbol: symbol, timeframe: timeframe, startMs: start, open: lastClose, high: lastClose, low: lastClose, close: lastClose, volume: 0, trades: 0))
            }
            start += timeframe.milliseconds
        }
    }
    return bars
}

@Test(arguments: [1, 2, 3] as [UInt64])
func resampler_whenFedRandomTrades_matchesTheReference(seed: UInt64) {
    var generator = SplitMix64(seed: seed)
    var trades: [Trade] = []
    var time: Int64 = 1_700_000_000_000
    for id in 0..<3_000 {
        time += Int64.random(in: 0...900, using: &generator)
        // Disorder within the allowed lateness (2 s) must not count as late.
        let jitter = Int64.random(in: 0...1_500, using: &generator)
        trades.append(trade(id % 3 == 0 ? "ETHUSDT" : "BTCUSDT", Int64(id), time - jitter, Double.random(in: 90...110, using: &generator),
                            // Quantities as Binance gives them: a few decimals (bars sum them in steps of 10⁻⁸).
                            Double(Int.random(in: 1...2_000, using: &generator)) / 1_000))
    }
    var resampler = Resampler(timeframes: [second, minute, fiveMinutes])
    var closed: [Bar] = []
    for batch in stride(from: 0, to: trades.count, by: 37) {
        closed += resampler.add(trades[batch..<min(batch + 37, trades.count)]).closed
    }
    #expect(resampler.lateTrades == 0)
    let watermark = (trades.map(\.timeMs).max() ?? 0) - 2_000
    for timeframe in [second, minute, fiveMinutes] {
        let mine = closed.filter { $0.timeframe == timeframe }.sorted { ($0.symbol, $0.startMs) < ($1.symbol, $1.startMs) }
        let reference = referenceBars(trades, timeframe, until: watermark)
        #expect(mine.count == reference.count)
        for (got, want) in zip(mine, reference) {
            #expect(got.startMs == want.startMs && got.open == want.open && got.high == want.high && got.low == want.low && got.close == want.close)
            #expect(got.trades == want.trades && abs(got.volume - want.volume) < 1e-9)
        }
    }
    let keys = closed.map { "\($0.symbol) \($0.timeframe) \($0.startMs)" }
    #expect(Set(keys).count == keys.count)
}

@Test func resampler_whenMarketIsQuiet_wallClockClosesCarriedBars() {
    var resampler = Resampler(timeframes: [minute])
    _ = resampler.add([trade("BTCUSDT", 1, 60_000 * 10 + 5, 100)])
    let output = resampler.advance(wallClockMs: 60_000 * 14 + 2_000)
    #expect(output.closed.map(\.startMs) == [600_000, 660_000, 720_000, 780_000])
    #expect(output.closed.dropFirst().allSatisfy { $0.open == 100 && $0.close == 100 && $0.volume == 0 && $0.trades == 0 })
    #expect(resampler.advance(wallClockMs: 60_000 * 14 + 2_000).closed.isEmpty)
}

@Test func resampler_whenTradeIsBeyondTheLateness_reportsItsIntervalOnce() {
    var resampler = Resampler(timeframes: [second], allowedLatenessMs: 2_000)
    _ = resampler.add([trade("BTCUSDT", 1, 10_000, 100), trade("BTCUSDT", 2, 13_500, 101)])
    let withinLateness = resampler.add([trade("BTCUSDT", 3, 11_900, 99)])
    #expect(withinLateness.late.isEmpty)
    let beyond = resampler.add([trade("BTCUSDT", 4, 10_500, 98)])
    #expect(beyond.late == [Resampler.LateInterval(symbol: "BTCUSDT", timeframe: second, startMs: 10_000)])
    #expect(resampler.lateTrades == 1)
}

@Test func resampler_whenCrossingMidnightUTC_alignsBarsToTheDay() {
    let midnight: Int64 = 1_704_067_200_000  // 2024-01-01T00:00:00Z
    var resampler = Resampler(timeframes: [fiveMinutes], allowedLatenessMs: 0)
    let output = resampler.add([trade("BTCUSDT", 1, midnight - 1, 100), trade("BTCUSDT", 2, midnight, 101), trade("BTCUSDT", 3, midnight + 300_000, 102)])
    #expect(output.closed.map(\.startMs) == [midnight - 300_000, midnight])
    #expect(output.closed.map(\.close) == [100, 101])
}

@Test func resampler_whenSeeded_carriesTheStoredCloseForward() {
    var resampler = Resampler(timeframes: [minute], allowedLatenessMs: 0)
    resampler.seed(Bar(symbol: "ETHUSDT", timeframe: minute, startMs: 0, open: 1, high: 1, low: 1, close: 7, volume: 1, trades: 1))
    let output = resampler.add([trade("ETHUSDT", 1, 180_500, 8)])
    #expect(output.closed.map(\.startMs) == [60_000, 120_000])
    #expect(output.closed.map(\.close) == [7, 7])
    #expect(resampler.add([trade("ETHUSDT", 2, 30_000, 8)]).late.count == 1)
}

/// A stored bar of a timeframe no longer configured continues nothing: only the configured timeframes close bars.
@Test func resampler_whenSeededWithABarOfAnotherTimeframe_closesOnlyItsOwnTimeframes() {
    var resampler = Resampler(timeframes: [second], allowedLatenessMs: 0)
    resampler.seed(Bar(symbol: "ETHUSDT", timeframe: minute, startMs: 0, open: 1, high: 1, low: 1, close: 7, volume: 1, trades: 1))
    let output = resampler.add([trade("ETHUSDT", 1, 180_500, 8), trade("ETHUSDT", 2, 181_500, 9)])
    #expect(output.closed.map(\.timeframe) == [second])
    #expect(output.closed.map(\.startMs) == [180_000])
}

@Test func resampler_whenWatermarkAndWallClockInterleave_closesEachIntervalOnce() {
    var resampler = Resampler(timeframes: [second, minute], allowedLatenessMs: 2_000)
    var closed: [Bar] = []
    var time: Int64 = 1_704_067_195_000
    for step in 0..<400 {
        time += Int64(step % 7 == 0 ? 4_000 : 250)
        closed += resampler.add([trade(step % 2 == 0 ? "BTCUSDT" : "ETHUSDT", Int64(step), time, 100 + Double(step % 5))]).closed
        closed += resampler.advance(wallClockMs: time + Int64(step % 3) * 1_000).closed
    }
    let keys = closed.map { "\($0.symbol) \($0.timeframe) \($0.startMs)" }
    #expect(Set(keys).count == keys.count)
    for symbol in ["BTCUSDT", "ETHUSDT"] {
        for timeframe in [second, minute] {
            let starts = closed.filter { $0.symbol == symbol && $0.timeframe == timeframe }.map(\.startMs)
            // Consecutive intervals with no gap: quiet ones are carried, none is skipped.
            #expect(zip(starts, starts.dropFirst()).allSatisfy { $1 - $0 == timeframe.milliseconds })
        }
    }
}

@Test func resampler_whenASymbolHasNeverTraded_hasNoBarsUntilItsFirstTrade() {
    var resampler = Resampler(timeframes: [second], allowedLatenessMs: 0)
    _ = resampler.add([trade("BTCUSDT", 1, 1_000, 100)])
    let output = resampler.add([trade("ETHUSDT", 1, 5_500, 10), trade("BTCUSDT", 2, 6_000, 101)])
    #expect(output.closed.filter { $0.symbol == "ETHUSDT" }.map(\.startMs) == [5_000])
    #expect(output.closed.filter { $0.symbol == "BTCUSDT" }.map(\.startMs) == [1_000, 2_000, 3_000, 4_000, 5_000])
}

@Test func resampler_whenTradesAreDeliveredTwiceWhileOpen_countsThemOnce() {
    let trades: [Trade] = (0..<40).map { index in
        let symbol = index % 2 == 0 ? "BTCUSDT" : "ETHUSDT"
        return trade(symbol, Int64(index / 2), 1_000 + Int64(index) * 150, 100 + Double(index % 7))
    }
    var once = Resampler(timeframes: [second, minute], allowedLatenessMs: 2_000)
    var twice = Resampler(timeframes: [second, minute], allowedLatenessMs: 2_000)
    var expected: [Bar] = []
    var got: [Bar] = []
    for start in stride(from: 0, to: trades.count, by: 8) {
        let batch = trades[start..<min(start + 8, trades.count)]
        expected += once.add(batch).closed
        // The same batch again, reversed, as an overlapping backfill would deliver it.
        got += twice.add(batch).closed + twice.add(batch.reversed()).closed
    }
    expected += once.advance(wallClockMs: 120_000).closed
    got += twice.advance(wallClockMs: 120_000).closed
    #expect(got == expected)
    #expect(twice.duplicateTrades == UInt64(trades.count))
    #expect(twice.lateTrades == 0)
}

@Test func resampler_whenBarsHaveClosed_forgetsTheirTradeIdsAndTreatsRepeatsAsLate() {
    var resampler = Resampler(timeframes: [second, minute], allowedLatenessMs: 0)
    let batch = [trade("BTCUSDT", 1, 1_000, 100), trade("BTCUSDT", 2, 1_500, 101)]
    _ = resampler.add(batch)
    _ = resampler.advance(wallClockMs: 60_000)
    let repeated = resampler.add(batch)
    #expect(resampler.duplicateTrades == 0)
    #expect(resampler.lateTrades == 4)
    #expect(Set(repeated.late.map(\.startMs)) == [1_000, 0])
}

/// A restart after a day away: the quiet intervals close a bounded number per call, in order, each exactly once,
/// and a trade for an interval not yet closed is on time.
@Test func resampler_whenRestartedAfterLongDowntime_catchesUpInBoundedSteps() {
    var resampler = Resampler(timeframes: [second], allowedLatenessMs: 0, catchUpLimit: 1_000)
    resampler.seed(Bar(symbol: "BTCUSDT", timeframe: second, startMs: 0, open: 5, high: 5, low: 5, close: 5, volume: 1, trades: 1))
    var closed: [Bar] = []
    var calls = 0
    let now: Int64 = 86_400_000
    repeat {
        let output = resampler.advance(wallClockMs: now)
        #expect(output.closed.count <= 1_000)
        closed += output.closed
        calls += 1
        if calls == 3 {
            let output = resampler.add([trade("BTCUSDT", 9, 50_000_500, 6)])
            #expect(output.late.isEmpty && output.closed.count == 1_000)
            closed += output.closed
        }
    } while closed.last?.startMs != now - 1_000 && calls < 200
    // 86,399 quiet seconds at 1,000 a call, one of those calls made by the trade.
    #expect(calls == 86)
    let inOrderOnce = closed.map(\.startMs).elementsEqual(stride(from: 1_000, to: now, by: 1_000))
    #expect(inOrderOnce)
    #expect(closed.first(where: { $0.startMs == 50_000_000 })?.close == 6)
    #expect(closed.last?.close == 6 && closed[100].close == 5)
    #expect(resampler.advance(wallClockMs: now).closed.isEmpty)
}

/// A reload that adds 1m and drops 1s: 1s stops at once; 1m starts with the first interval after the reload (the
/// one under way missed the trades before it, and a trade for it now is late), and never closes a partial bar.
@Test func resampler_whenReconfigured_startsAddedTimeframesAtTheNextIntervalAndStopsRemovedOnes() {
    var resampler = Resampler(timeframes: [second], allowedLatenessMs: 0)
    _ = resampler.add([trade("BTCUSDT", 1, 90_500, 10), trade("BTCUSDT", 2, 91_200, 11)])
    resampler.reconfigure(timeframes: [minute], nowMs: 91_500)
    var output = resampler.add([trade("BTCUSDT", 3, 100_000, 12), trade("BTCUSDT", 4, 125_000, 13), trade("BTCUSDT", 5, 190_000, 14)])
    #expect(output.closed.allSatisfy { $0.timeframe == minute })
    #expect(output.closed.map(\.startMs) == [120_000])
    #expect(output.closed.first?.close == 13)
    #expect(output.late == [Resampler.LateInterval(symbol: "BTCUSDT", timeframe: minute, startMs: 60_000)])
    output = resampler.advance(wallClockMs: 240_000)
    #expect(output.closed.map(\.startMs) == [180_000])
}
