// SPDX-License-Identifier: Apache-2.0
import Foundation

/// Half-life of mean reversion of a spread, in bars.
///
/// From the discretised Ornstein–Uhlenbeck process: OLS of `Δs_t = c + λ·s_{t−1} + ε_t`
/// (`statsmodels.api.OLS(diff(s), add_constant(s[:-1]))`), half-life = `−ln 2 / λ` when λ < 0.
/// Reference: Chan, E. P. (2013) Algorithmic Trading, Wiley, ch. 2.
public enum HalfLife {
    public static func bars(_ s: UnsafeBufferPointer<Double>) -> Statistic<Double> {
        let n = s.count
        guard n >= 3 else { return .unavailable(.tooFewSamples(have: n, need: 3)) }
        let change = (1..<n).map { s[$0] - s[$0 - 1] }
        let fit = change.withUnsafeBufferPointer { dy in
            OLS.fit(y: dy, x: UnsafeBufferPointer(rebasing: s[0..<(n - 1)]))
        }
        guard let lambda = fit?.slope else { return .unavailable(.constantSeries("spread")) }
        guard lambda < 0 else { return .unavailable(.notMeanReverting) }
        let value = -log(2.0) / lambda
        return value.isFinite ? .available(value) : .unavailable(.notMeanReverting)
    }

    /// Array convenience for ``bars(_:)``.
    public static func bars(_ s: [Double]) -> Statistic<Double> { s.withUnsafeBufferPointer { bars($0) } }
}
