// SPDX-License-Identifier: Apache-2.0

/// Means and centred second moments of a pair of series over one window, by the two-pass algorithm.
///
/// The means come first, then the sums of centred products, so prices around 1e6 with tiny moves do not
/// cancel (Chan, Golub & LeVeque 1983, "Algorithms for computing the sample variance", Am. Stat. 37(3)).
/// Recomputed over the whole window at every bar rather than slid: removing values from running (Welford)
/// moments gathers rounding that, at BTC/ETH scale, moved the intercept by up to 5e-8 relative within one
/// window and by 2e-4 on prices near 1e6, where a fresh pass stays at rounding level for O(window) work.
public struct CoMoments: Sendable, Equatable {
    public let count: Int
    public let meanA: Double
    public let meanB: Double
    /// Σ(a−ā)², Σ(b−b̄)², Σ(a−ā)(b−b̄).
    public let sumSquaresA: Double
    public let sumSquaresB: Double
    public let sumProducts: Double

    /// Moments of the first `min(a.count, b.count)` pairs.
    public init(a: UnsafeBufferPointer<Double>, b: UnsafeBufferPointer<Double>) {
        let n = min(a.count, b.count)
        var sumA = 0.0, sumB = 0.0
        for i in 0..<n {
            sumA += a[i]
            sumB += b[i]
        }
        let meanA = n > 0 ? sumA / Double(n) : 0
        let meanB = n > 0 ? sumB / Double(n) : 0
        var saa = 0.0, sbb = 0.0, sab = 0.0
        for i in 0..<n {
            let da = a[i] - meanA, db = b[i] - meanB
            saa += da * da
            sbb += db * db
            sab += da * db
        }
        (count, self.meanA, self.meanB) = (n, meanA, meanB)
        (sumSquaresA, sumSquaresB, sumProducts) = (saa, sbb, sab)
    }

    /// OLS of A on B with a constant from the moments: β = S_ab / S_bb, α = ā − β·b̄, as ``OLS/fit(y:x:)``.
    public var regression: LinearFit? {
        guard count >= 2, sumSquaresB > 0 else { return nil }
        let slope = sumProducts / sumSquaresB
        return LinearFit(intercept: meanA - slope * meanB, slope: slope)
    }

    /// Pearson's r = S_ab / √(S_aa·S_bb).
    public var correlation: Statistic<Double> {
        guard count >= 2 else { return .unavailable(.tooFewSamples(have: count, need: 2)) }
        guard sumSquaresA > 0 else { return .unavailable(.constantSeries("a")) }
        guard sumSquaresB > 0 else { return .unavailable(.constantSeries("b")) }
        return .available(max(-1, min(1, sumProducts / (sumSquaresA * sumSquaresB).squareRoot())))
    }
}
