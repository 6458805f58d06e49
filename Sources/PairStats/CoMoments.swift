// SPDX-License-Identifier: Apache-2.0

/// Running means and centred second moments of a pair of series, with removal for sliding windows.
///
/// Welford's update (Welford 1962, Technometrics 4(3)) and its exact inverse for removing a value; kept
/// centred so that prices around 1e6 with tiny moves do not cancel. Rounding still accumulates over many
/// add/remove steps, so sliding owners re-synchronise from the window periodically.
public struct CoMoments: Sendable, Equatable {
    public private(set) var count = 0
    public private(set) var meanA = 0.0
    public private(set) var meanB = 0.0
    /// Σ(a−ā)², Σ(b−b̄)², Σ(a−ā)(b−b̄).
    public private(set) var sumSquaresA = 0.0
    public private(set) var sumSquaresB = 0.0
    public private(set) var sumProducts = 0.0

    public init() {}

    public mutating func add(_ a: Double, _ b: Double) {
        count += 1
        let n = Double(count)
        let da = a - meanA, db = b - meanB
        meanA += da / n
        meanB += db / n
        sumSquaresA += da * (a - meanA)
        sumSquaresB += db * (b - meanB)
        sumProducts += da * (b - meanB)
    }

    /// Removes a pair that was added earlier.
    public mutating func remove(_ a: Double, _ b: Double) {
        guard count > 1 else {
            self = CoMoments()
            return
        }
        let remaining = Double(count - 1)
        let da = a - meanA, db = b - meanB
        meanA -= da / remaining
        meanB -= db / remaining
        sumSquaresA = max(0, sumSquaresA - da * (a - meanA))
        sumSquaresB = max(0, sumSquaresB - db * (b - meanB))
        sumProducts -= da * (b - meanB)
        count -= 1
    }

    /// OLS of A on B with a constant from the moments: β = S_ab / S_bb, α = ā − β·b̄.
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
