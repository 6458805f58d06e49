// SPDX-License-Identifier: Apache-2.0

/// All statistics of a pair over one window of prices, computed from scratch.
///
/// ``PairEngine`` calls the same code with its running moments and the previous Huber fit; calling
/// ``snapshot(a:b:configuration:)`` directly gives the reference answer for a window.
public enum PairAnalysis {
    /// Statistics of the whole of `a` and `b` (which must have equal lengths).
    public static func snapshot(a: [Double], b: [Double], configuration: PairConfiguration) -> PairSnapshot {
        precondition(a.count == b.count, "legs must have the same length")
        return a.withUnsafeBufferPointer { ab in
            b.withUnsafeBufferPointer { bb in snapshot(a: ab, b: bb, configuration: configuration, context: Context()) }
        }
    }

    /// What a rolling caller already knows about the window.
    struct Context {
        var moments: CoMoments?
        var huberStart: LinearFit?
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
        let moments = context.moments ?? CoMoments(a: a, b: b)
        var result = PairSnapshot(samples: n, unavailable: .constantSeries("b"))
        result.correlation = (context.aConstant ?? isConstant(a)) ? .unavailable(.constantSeries("a")) : moments.correlation
        guard let ols = moments.regression ?? OLS.fit(y: a, x: b) else { return result }
        result.cointegration = EngleGranger.test(a: a, b: b, fit: ols)
        switch configuration.method {
        case .ols: result.hedge = .available(ols)
        case .huber:
            let fit = Huber.fit(y: a, x: b, start: context.huberStart)?.fit
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

extension CoMoments {
    /// Moments of two whole series.
    init(a: UnsafeBufferPointer<Double>, b: UnsafeBufferPointer<Double>) {
        self.init()
        for i in 0..<min(a.count, b.count) { add(a[i], b[i]) }
    }
}
