// SPDX-License-Identifier: Apache-2.0

/// All statistics of a pair over one window of prices, computed from scratch.
///
/// ``PairEngine`` calls the same code on its window at every bar, with nothing carried from the previous bar
/// but which legs are constant, so a rolling value is the cold fit of its window: the moments are recomputed
/// and Huber's IRLS starts from the window's OLS fit, as statsmodels' `RLM.fit()` does. A warm start from the
/// previous bar's line is not equivalent: with a re-estimated MAD scale Huber's IRLS has several fixed
/// points, and on a window holding two regimes it can stay on the old line (rolling_cases.json's regime_break:
/// hedge ratio off by 22%, z-score by 87%).
public enum PairAnalysis {
    /// Statistics of the whole of `a` and `b` (which must have equal lengths).
    public static func snapshot(a: [Double], b: [Double], configuration: PairConfiguration) -> PairSnapshot {
        precondition(a.count == b.count, "legs must have the same length")
        return a.withUnsafeBufferPointer { ab in
            b.withUnsafeBufferPointer { bb in snapshot(a: ab, b: bb, configuration: configuration, context: Context()) }
        }
    }

    /// What a rolling caller already knows about the window, each exactly (not an approximation).
    struct Context {
        var aConstant: Bool?
        var bConstant: Bool?
    }

    static func snapshot(
        a: UnsafeBufferPointer<Double>, b: UnsafeBufferPointer<Double>, configuration: PairConfiguration, context: Context
    ) -> PairSnapshot {
        let n = a.count
        guard n >= PairConfiguration.minimumWindow else {
            return PairSnapshot(samples: n, unavailable: .tooFewSamples(have: n, need: PairConfiguration.minimumWindow))
        }
        if context.bConstant ?? isConstant(b) { return PairSnapshot(samples: n, unavailable: .constantSeries("b")) }
        let moments = CoMoments(a: a, b: b)
        var result = PairSnapshot(samples: n, unavailable: .constantSeries("b"))
        result.correlation = (context.aConstant ?? isConstant(a)) ? .unavailable(.constantSeries("a")) : moments.correlation
        guard let ols = moments.regression else { return result }
        result.cointegration = EngleGranger.test(a: a, b: b, fit: ols)
        switch configuration.method {
        case .ols: result.hedge = .available(ols)
        case .huber:
            // `ols` is bit for bit what Huber.fit would compute as its start: pass it to save a pass.
            let fit = Huber.fit(y: a, x: b, start: ols)?.fit
            result.hedge = fit.map(Statistic.available) ?? .unavailable(.singularRegression("huber"))
        }
        guard let beta = result.hedge.value?.slope else { return result }
        let spread = (0..<n).map { a[$0] - beta * b[$0] }
        spread.withUnsafeBufferPointer { s in
            result.spread = .available(s[n - 1])
            result.zScore = ZScore.latest(s, window: configuration.zscoreWindow)
            result.adf = ADF.test(s, name: "spread")
            result.halfLifeBars = HalfLife.bars(s)
        }
        return result
    }

    static func isConstant(_ x: UnsafeBufferPointer<Double>) -> Bool {
        guard let first = x.first else { return true }
        return !x.contains { $0 != first }
    }
}
