// SPDX-License-Identifier: Apache-2.0
import PairStats
import Testing

/// Every statistic of every fixture case against statsmodels: relative 1e-6, p-values absolute 1e-4,
/// lags and observation counts exact.
@Suite struct StatsmodelsFixtureTests {
    @Test(arguments: StatsmodelsCases.all, HedgeMethod.allCases)
    func pairAnalysis_whenComparedWithStatsmodels_matches(_ fixture: StatsmodelsCases.Case, method: HedgeMethod) throws {
        let configuration = try PairConfiguration(window: fixture.a.count, zscoreWindow: fixture.zscoreWindow, method: method)
        let snapshot = PairAnalysis.snapshot(a: fixture.a, b: fixture.b, configuration: configuration)
        let expected = try #require(fixture.methods[method.rawValue])
        #expect(snapshot.samples == fixture.a.count)
        expectClose(snapshot.hedge.value?.slope, expected.slope, "hedge ratio")
        expectClose(snapshot.hedge.value?.intercept, expected.intercept, "intercept")
        expectClose(snapshot.spread.value, expected.spreadLast, "spread")
        expectClose(snapshot.zScore.value, expected.zscoreLast, "z-score")
        expectClose(snapshot.halfLifeBars.value, expected.halfLifeBars, "half-life")
        expectClose(snapshot.correlation.value, fixture.correlation, "correlation")
        let adf = try #require(snapshot.adf.value, "adf: \(String(describing: snapshot.adf.reason))")
        expectClose(adf.statistic, expected.adf.statistic, "adf statistic")
        expectClose(adf.pValue, expected.adf.pvalue, absolute: 1e-4, "adf p-value")
        #expect(adf.usedLag == expected.adf.usedLag)
        #expect(adf.observations == expected.adf.nobs)
        expectClose(adf.criticalValues.onePercent, expected.adf.criticalValues["1%"], "adf 1%")
        expectClose(adf.criticalValues.fivePercent, expected.adf.criticalValues["5%"], "adf 5%")
        expectClose(adf.criticalValues.tenPercent, expected.adf.criticalValues["10%"], "adf 10%")
    }

    @Test(arguments: StatsmodelsCases.all)
    func engleGranger_whenComparedWithStatsmodels_matches(_ fixture: StatsmodelsCases.Case) throws {
        let result = try #require(EngleGranger.test(a: fixture.a, b: fixture.b).value)
        expectClose(result.statistic, fixture.coint.statistic, "coint statistic")
        expectClose(result.pValue, fixture.coint.pvalue, absolute: 1e-4, "coint p-value")
        expectClose(result.criticalValues.onePercent, fixture.coint.criticalValues[0], "coint 1%")
        expectClose(result.criticalValues.fivePercent, fixture.coint.criticalValues[1], "coint 5%")
        expectClose(result.criticalValues.tenPercent, fixture.coint.criticalValues[2], "coint 10%")
    }

    @Test(arguments: StatsmodelsCases.all)
    func huber_whenStartedFromOLS_takesStatsmodelsIterationCount(_ fixture: StatsmodelsCases.Case) throws {
        let expected = try #require(fixture.methods["huber"]?.huberIterations)
        let result = try #require(Huber.fit(y: fixture.a, x: fixture.b))
        #expect(result.iterations == expected)
    }
}

/// The rolling engine, fed bar by bar (window = the whole case, so it never slides), ends on statsmodels' answers too.
@Suite struct EngineFixtureTests {
    /// The 5,000-bar case is left to PairEngineTests' sliding run, which is cheaper in debug builds.
    @Test(arguments: StatsmodelsCases.all.filter { $0.a.count <= 1000 }, HedgeMethod.allCases)
    func pairEngine_whenFedTheCaseBarByBar_endsOnStatsmodelsAnswers(_ fixture: StatsmodelsCases.Case, method: HedgeMethod) throws {
        let configuration = try PairConfiguration(window: fixture.a.count, zscoreWindow: fixture.zscoreWindow, method: method)
        var engine = PairEngine(configuration: configuration)
        for i in fixture.a.indices { try engine.update(a: fixture.a[i], b: fixture.b[i]) }
        let expected = try #require(fixture.methods[method.rawValue])
        let snapshot = engine.snapshot
        expectClose(snapshot.hedge.value?.slope, expected.slope, "hedge ratio")
        expectClose(snapshot.hedge.value?.intercept, expected.intercept, "intercept")
        expectClose(snapshot.zScore.value, expected.zscoreLast, "z-score")
        expectClose(snapshot.adf.value?.statistic, expected.adf.statistic, "adf statistic")
        #expect(snapshot.adf.value?.usedLag == expected.adf.usedLag)
        expectClose(snapshot.halfLifeBars.value, expected.halfLifeBars, "half-life")
        expectClose(snapshot.cointegration.value?.statistic, fixture.coint.statistic, "coint statistic")
    }
}
