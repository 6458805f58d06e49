// SPDX-License-Identifier: Apache-2.0
import Foundation
import PairStats
import Testing

/// Inputs where statsmodels raises, warns or returns NaN/−∞: here a reason, never a non-finite number.
@Suite struct EdgeCaseTests {
    @Test func adf_whenSeriesIsConstant_isUnavailable() {
        #expect(ADF.test([Double](repeating: 3, count: 50)).reason == .constantSeries("spread"))
    }

    @Test func adf_whenTooShort_namesTheMinimum() {
        #expect(ADF.test([1, 2, 1]).reason == .tooFewSamples(have: 3, need: 4))
    }

    @Test func engleGranger_whenLegsAreExactlyProportional_reportsCollinear() {
        let b: [Double] = (0..<100).map { (i: Int) -> Double in 50 + Double(i % 9) * 0.5 + Double(i) * 0.01 }
        let a = b.map { 2 * $0 + 1 }
        #expect(EngleGranger.test(a: a, b: b).reason == .perfectlyCollinear)
    }

    @Test func engleGranger_whenResidualRegressionHasNoDegreesOfFreedom_isUnavailable() {
        // 20 points: adfuller(regression="n") searches up to 9 lags on 10 rows, an exact fit whose AIC is −∞, and
        // the chosen 9-lag regression then has no degrees of freedom; statsmodels reports a meaningless τ = 0.
        let b: [Double] = (0..<20).map { (i: Int) -> Double in 20 + sin(Double(i)) }
        let a: [Double] = (0..<20).map { (i: Int) -> Double in 1 + 2 * b[i] + 0.3 * cos(Double(i * i)) }
        let result = EngleGranger.test(a: a, b: b)
        #expect(result.reason == .tooFewSamples(have: 20, need: 21))
        #expect(result.reason?.description == "20 samples, needs at least 21")
    }

    @Test func halfLife_whenSpreadTrendsAway_isNotMeanReverting() {
        let s = (0..<50).map { pow(1.05, Double($0)) }
        #expect(HalfLife.bars(s).reason == .notMeanReverting)
    }

    @Test func zScore_whenWindowIsFlat_hasZeroStandardDeviation() {
        #expect(ZScore.latest([1, 2, 3, 3, 3, 3], window: 4).reason == .zeroStandardDeviation)
        // Window [2, 3, 3, 3, 3]: mean 2.8, sample std √0.2, so z = 0.2 / √0.2 = √0.2.
        let z = ZScore.latest([1, 2, 3, 3, 3, 3], window: 5).value
        #expect(abs((z ?? .nan) - 0.2.squareRoot()) <= 1e-15)
    }

    @Test func mackinnon_outsideTheTables_clampsToZeroAndOne() {
        #expect(MacKinnon.pValue(-40, variables: 1) == 0)
        #expect(MacKinnon.pValue(5, variables: 1) == 1)
    }

    @Test func huber_whenOneOfFivePointsIsAnOutlier_matchesStatsmodelsAtMaxIterations() throws {
        // statsmodels 0.15.0: RLM([1, 2, 3, 4, 100], add_constant([1, 2, 3, 4, 5]), M=HuberT()).fit() does not
        // converge: it stops at maxiter 50 with params (-37.37772472466181, 19.693878424765547).
        let result = try #require(Huber.fit(y: [1, 2, 3, 4, 100], x: [1, 2, 3, 4, 5]))
        #expect(result.iterations == 50)
        #expect(abs(result.fit.intercept - -37.37772472466181) <= 1e-6 * 37.37772472466181)
        #expect(abs(result.fit.slope - 19.693878424765547) <= 1e-6 * 19.693878424765547)
    }
}
