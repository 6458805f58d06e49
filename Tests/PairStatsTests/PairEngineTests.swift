// SPDX-License-Identifier: Apache-2.0
import PairStats
import Testing

@Suite struct PairEngineTests {
    /// Slides a 300-bar engine over up to 3,000 bars of a fixture (2,700 slides on the long one).
    private func rolled(_ name: String, method: HedgeMethod) throws -> (engine: PairSnapshot, scratch: PairSnapshot) {
        let data = try #require(StatsmodelsCases.all.first { $0.name == name })
        let configuration = try PairConfiguration(window: 300, zscoreWindow: 100, method: method)
        let a = Array(data.a.prefix(3000)), b = Array(data.b.prefix(3000))
        var engine = PairEngine(configuration: configuration)
        for i in a.indices { try engine.update(a: a[i], b: b[i]) }
        let scratch = PairAnalysis.snapshot(a: Array(a.suffix(300)), b: Array(b.suffix(300)), configuration: configuration)
        return (engine.snapshot, scratch)
    }

    /// The engine carries nothing from bar to bar but the window, so it equals the from-scratch fit bit for bit.
    @Test(arguments: ["long_window", "extreme_scales", "tiny_prices", "outliers"], HedgeMethod.allCases)
    func engine_whenRolledThousandsOfBars_equalsFromScratchWindowExactly(name: String, method: HedgeMethod) throws {
        let (engine, scratch) = try rolled(name, method: method)
        #expect(engine.samples == 300)
        #expect(engine.hedge.value != nil)
        #expect(engine == scratch)
    }

    @Test func engine_beforeMinimumWindow_reportsTooFewSamples() throws {
        var engine = PairEngine(configuration: try PairConfiguration(window: 50, zscoreWindow: 20))
        let snapshot = try engine.update(a: 10, b: 5)
        #expect(snapshot.samples == 1)
        #expect(snapshot.hedge.reason == .tooFewSamples(have: 1, need: 4))
        #expect(snapshot.adf.reason?.description == "1 sample, needs at least 4")
    }

    @Test func engine_beforeZScoreWindowFills_hasNoZScoreButHedge() throws {
        var engine = PairEngine(configuration: try PairConfiguration(window: 50, zscoreWindow: 20))
        var snapshot = PairSnapshot.empty
        for i in 0..<10 { snapshot = try engine.update(a: 100 + Double(i % 3) + 0.1 * Double(i), b: 50 + Double(i % 4)) }
        #expect(snapshot.hedge.value != nil)
        #expect(snapshot.zScore.reason == .tooFewSamples(have: 10, need: 20))
    }

    @Test func engine_whenLegIsConstant_explainsEveryStatistic() throws {
        var engine = PairEngine(configuration: try PairConfiguration(window: 30, zscoreWindow: 10))
        var snapshot = PairSnapshot.empty
        for i in 0..<30 { snapshot = try engine.update(a: 100 + Double(i % 7), b: 42) }
        #expect(snapshot.hedge.reason == .constantSeries("b"))
        #expect(snapshot.correlation.reason?.description == "b is constant")
        #expect(snapshot.cointegration.reason == .constantSeries("b"))
        #expect(snapshot.zScore.reason == .constantSeries("b"))
    }

    @Test func engine_whenPriceIsNotFinite_throwsAndKeepsWindow() throws {
        var engine = PairEngine(configuration: try PairConfiguration(window: 30, zscoreWindow: 10))
        try engine.update(a: 1, b: 2)
        let error = #expect(throws: PairInputError.self) { try engine.update(a: 1, b: .nan) }
        #expect(error?.description == "b: price nan is not a finite number")
        let infinite = #expect(throws: PairInputError.self) { try engine.update(a: -.infinity, b: 2) }
        #expect(infinite?.description == "a: price -inf is not a finite number")
        #expect(engine.samples == 1)
    }

    @Test func configuration_whenZScoreWindowExceedsWindow_namesBoth() {
        let error = #expect(throws: PairConfigurationError.self) { try PairConfiguration(window: 500, zscoreWindow: 600) }
        #expect(error?.description == "zscore_window: 600 is larger than window (500)")
    }

    @Test func configuration_whenWindowIsBelowMinimum_namesTheMinimum() {
        let error = #expect(throws: PairConfigurationError.self) { try PairConfiguration(window: 3, zscoreWindow: 2) }
        #expect(error?.description == "window: 3 is smaller than the minimum (\(PairConfiguration.minimumWindow))")
    }
}
