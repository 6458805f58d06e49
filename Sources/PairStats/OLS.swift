// SPDX-License-Identifier: Apache-2.0

/// A straight line `y = intercept + slope·x`.
public struct LinearFit: Sendable, Equatable {
    public var intercept: Double
    public var slope: Double

    public init(intercept: Double, slope: Double) {
        self.intercept = intercept
        self.slope = slope
    }

    /// `y − (intercept + slope·x)`.
    @inlinable
    public func residual(y: Double, x: Double) -> Double { y - (intercept + slope * x) }
}

/// Ordinary and weighted least squares of `y` on a constant and one regressor.
///
/// Matches `statsmodels.api.OLS(y, add_constant(x)).fit()` (and `WLS` with `weights`). The normal
/// equations are solved on data centred at their (weighted) means, which is the Cholesky solution of the
/// centred 2×2 system: slope = Σw(x−x̄)(y−ȳ) / Σw(x−x̄)², intercept = ȳ − slope·x̄. Centring keeps the
/// answer exact to rounding for prices from 1e-8 to 1e6.
public enum OLS {
    /// Fits `y = α + β·x`; nil when `x` is constant (the slope is not identified) or fewer than 2 points.
    public static func fit(y: UnsafeBufferPointer<Double>, x: UnsafeBufferPointer<Double>) -> LinearFit? {
        let n = min(y.count, x.count)
        guard n >= 2 else { return nil }
        var mx = 0.0, my = 0.0
        for i in 0..<n {
            mx += x[i]
            my += y[i]
        }
        mx /= Double(n)
        my /= Double(n)
        var sxx = 0.0, sxy = 0.0
        for i in 0..<n {
            let dx = x[i] - mx
            sxx += dx * dx
            sxy += dx * (y[i] - my)
        }
        guard sxx > 0 else { return nil }
        let slope = sxy / sxx
        return LinearFit(intercept: my - slope * mx, slope: slope)
    }

    /// Array convenience for ``fit(y:x:)``.
    public static func fit(y: [Double], x: [Double]) -> LinearFit? {
        y.withUnsafeBufferPointer { yb in x.withUnsafeBufferPointer { xb in fit(y: yb, x: xb) } }
    }

    /// Weighted least squares (`statsmodels` `WLS(y, add_constant(x), weights=w)`); nil when the weighted
    /// `x` has no spread.
    static func fitWeighted(
        y: UnsafeBufferPointer<Double>, x: UnsafeBufferPointer<Double>, weights w: UnsafeBufferPointer<Double>
    ) -> LinearFit? {
        let n = y.count
        var sw = 0.0, mx = 0.0, my = 0.0
        for i in 0..<n {
            sw += w[i]
            mx += w[i] * x[i]
            my += w[i] * y[i]
        }
        guard sw > 0 else { return nil }
        mx /= sw
        my /= sw
        var sxx = 0.0, sxy = 0.0
        for i in 0..<n {
            let dx = x[i] - mx
            sxx += w[i] * dx * dx
            sxy += w[i] * dx * (y[i] - my)
        }
        guard sxx > 0 else { return nil }
        let slope = sxy / sxx
        return LinearFit(intercept: my - slope * mx, slope: slope)
    }
}
