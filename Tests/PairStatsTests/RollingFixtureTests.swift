// SPDX-License-Identifier: Apache-2.0
import PairStats
import Testing

/// `PairEngine` rolled bar by bar over series where a rolling fit can drift from a cold one (a hedge ratio that
/// jumps with outliers, BTC/ETH-scaled prices, 5% outliers, heavy-tailed clustered returns), compared at EVERY bar
/// from the first full z-score window on with statsmodels fitted from scratch on the same window: relative 1e-6,
/// p-values absolute 1e-4, ADF lag and observation count exact.
@Suite struct RollingFixtureTests {
    @Test(arguments: RollingCases.all, HedgeMethod.allCases)
    func pairEngine_whenRolledOverHardSeries_equalsColdStatsmodelsAtEveryBar(
        _ fixture: RollingCases.Case, method: HedgeMethod
    ) throws {
        let reference = RollingCases.shared
        let configuration = try PairConfiguration(window: reference.window, zscoreWindow: reference.zscoreWindow, method: method)
        let expected = fixture.method(method.rawValue)
        var engine = PairEngine(configuration: configuration)
        var ledger = DeviationLedger()
        var compared = 0
        for bar in fixture.a.indices {
            let snapshot = try engine.update(a: fixture.a[bar], b: fixture.b[bar])
            let row = bar - reference.firstEnd
            guard row >= 0 else { continue }
            #expect(snapshot.samples == min(bar + 1, reference.window))
            ledger.note(snapshot, expected: expected, row: row, bar: bar)
            ledger.note("coint statistic", bar: bar, snapshot.cointegration.value?.statistic, fixture.cointStatistic[row])
            ledger.note("coint p-value", bar: bar, snapshot.cointegration.value?.pValue, fixture.cointPvalue[row], absolute: 1e-4)
            ledger.note("correlation", bar: bar, snapshot.correlation.value, fixture.correlation[row])
            compared += 1
        }
        #expect(compared == expected.slope.count, "every expected row was compared")
        ledger.expectAllWithinBounds("\(fixture.name) \(method.rawValue), statsmodels \(reference.statsmodels)")
    }
}

extension DeviationLedger {
    /// The hedge-dependent statistics of one snapshot against one fixture row.
    mutating func note(_ snapshot: PairSnapshot, expected: RollingCases.Method, row: Int, bar: Int) {
        note("hedge ratio", bar: bar, snapshot.hedge.value?.slope, expected.slope[row])
        note("intercept", bar: bar, snapshot.hedge.value?.intercept, expected.intercept[row])
        note("spread", bar: bar, snapshot.spread.value, expected.spread[row])
        note("z-score", bar: bar, snapshot.zScore.value, expected.zscore[row])
        note("adf statistic", bar: bar, snapshot.adf.value?.statistic, expected.adfStatistic[row])
        note("adf p-value", bar: bar, snapshot.adf.value?.pValue, expected.adfPvalue[row], absolute: 1e-4)
        note("adf lag", bar: bar, snapshot.adf.value.map { Double($0.usedLag) }, Double(expected.adfLag[row]), absolute: 0)
        note("adf nobs", bar: bar, snapshot.adf.value.map { Double($0.observations) }, Double(expected.adfNobs[row]), absolute: 0)
        note("half-life", bar: bar, snapshot.halfLifeBars.value, expected.halfLife[row])
    }
}
