// SPDX-License-Identifier: Apache-2.0

/// The Engle–Granger two-step cointegration test of A on B.
///
/// H0: no cointegration (the OLS residual of `A = α + β·B` has a unit root); H1: A and B are cointegrated.
/// Matches `statsmodels.tsa.stattools.coint(a, b, trend="c", autolag="aic")`: OLS with a constant, then
/// `adfuller(resid, regression="n", autolag="aic")`; p-value from MacKinnon (1994) and critical values from
/// MacKinnon (2010) for N = 2 with a constant, the latter at `nobs − 1` as statsmodels does (to match Stata's
/// `egranger`). When R² ≥ 1 − 100·√ε statsmodels reports −∞; here the result is unavailable.
/// Reference: Engle, R. F. & Granger, C. W. J. (1987) Econometrica 55(2), 251–276.
public struct CointegrationResult: Sendable, Equatable {
    public var statistic: Double
    public var pValue: Double
    public var criticalValues: CriticalValues
}

public enum EngleGranger {
    /// Tests A against B; `fit` may pass a precomputed OLS of A on B.
    public static func test(
        a: UnsafeBufferPointer<Double>, b: UnsafeBufferPointer<Double>, fit known: LinearFit? = nil
    ) -> Statistic<CointegrationResult> {
        let n = min(a.count, b.count)
        guard n >= 3 else { return .unavailable(.tooFewSamples(have: n, need: 3)) }
        guard let fit = known ?? OLS.fit(y: a, x: b) else { return .unavailable(.constantSeries("b")) }
        var residuals = [Double](repeating: 0, count: n)
        var ssr = 0.0, meanA = 0.0
        for i in 0..<n {
            residuals[i] = fit.residual(y: a[i], x: b[i])
            ssr += residuals[i] * residuals[i]
            meanA += a[i]
        }
        meanA /= Double(n)
        var tss = 0.0
        for i in 0..<n { tss += (a[i] - meanA) * (a[i] - meanA) }
        guard tss > 0 else { return .unavailable(.constantSeries("a")) }
        guard 1 - ssr / tss < 1 - 100 * Double.ulpOfOne.squareRoot() else { return .unavailable(.perfectlyCollinear) }
        let tau = residuals.withUnsafeBufferPointer { ADF.tau($0, constant: false, name: "cointegrating residual") }
        return tau.map { tau in
            CointegrationResult(
                statistic: tau.statistic, pValue: MacKinnon.pValue(tau.statistic, variables: 2),
                criticalValues: MacKinnon.criticalValues(variables: 2, observations: n - 1))
        }
    }

    /// Array convenience for ``test(a:b:fit:)``.
    public static func test(a: [Double], b: [Double]) -> Statistic<CointegrationResult> {
        a.withUnsafeBufferPointer { ab in b.withUnsafeBufferPointer { bb in test(a: ab, b: bb) } }
    }
}
