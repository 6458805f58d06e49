// SPDX-License-Identifier: Apache-2.0
import MarketData
import Pipeline
import Testing

@testable import Alerting

private let series = PairSeries(a: "BTCUSDT", b: "ETHUSDT", timeframe: Timeframe("1m")!)

@Test func zScoreBand_whenNoRuleWatchesTheZScore_isPlusMinusTwo() {
    let others = [
        AlertRule(name: "Adf", metric: .adfPValue, comparison: .greater, threshold: 0.1),
        AlertRule(name: "Elsewhere", pairs: ["SOLUSDT/ETHUSDT"], metric: .zscore, comparison: .greater, threshold: 1),
        AlertRule(name: "Hourly", timeframes: [Timeframe("1h")!], metric: .absZscore, comparison: .greater, threshold: 1),
    ]
    let band = ZScoreBand(series: series, rules: others)
    #expect(band == ZScoreBand(upper: 2, lower: -2))
    #expect(band.summary == "alerts past ±2")
}

@Test func zScoreBand_whenRulesApply_takesTheTightestThresholdOnEachSide() {
    let rules = [
        AlertRule(name: "High", metric: .zscore, comparison: .greater, threshold: 2.5),
        AlertRule(name: "Low", pairs: ["BTCUSDT/ETHUSDT"], metric: .zscore, comparison: .lessOrEqual, threshold: -3),
        AlertRule(name: "Wide", timeframes: [Timeframe("1m")!], metric: .absZscore, comparison: .greaterOrEqual, threshold: 2.8),
    ]
    let band = ZScoreBand(series: series, rules: rules)
    #expect(band == ZScoreBand(upper: 2.5, lower: -2.8))
    #expect(band.summary == "alerts above 2.5, below -2.8")
}

@Test func zScoreBand_whenOnlyOneSideIsWatched_leavesTheOtherOpen() {
    let band = ZScoreBand(series: series, rules: [AlertRule(name: "High", metric: .zscore, comparison: .greaterOrEqual, threshold: 3)])
    #expect(band == ZScoreBand(upper: 3, lower: nil))
    #expect(!band.isPast(-10))
    #expect(band.summary == "alerts above 3")
}

@Test func zScoreBand_isPast_countsTheThresholdItself() {
    let band = ZScoreBand(upper: 2, lower: -2)
    #expect(band.isPast(2) && band.isPast(-2) && band.isPast(7))
    #expect(!band.isPast(1.999) && !band.isPast(-1.999) && !band.isPast(0))
}
