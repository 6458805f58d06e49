// SPDX-License-Identifier: Apache-2.0
import Foundation

/// The augmented Dickey–Fuller unit-root test.
///
/// H0: the series has a unit root (does not revert); H1: it is stationary. A statistic below the critical
/// value (a small p-value) rejects the unit root. Matches
/// `statsmodels.tsa.stattools.adfuller(x, regression="c", autolag="AIC")`:
/// `Δx_t = c + γ·x_{t−1} + Σ_{j=1..k} δ_j·Δx_{t−j} + ε_t`, statistic = t-ratio of γ; the maximum lag is
/// `12·(n/100)^{1/4}` (Schwert 1989) capped at `n/2 − 2`; k minimises AIC over regressions on the common
/// sample of the largest design, then the chosen regression is re-run on its full sample.
/// p-value: MacKinnon (1994); critical values: MacKinnon (2010), see ``MacKinnon``.
/// Reference: Dickey, D. A. & Fuller, W. A. (1979) JASA 74, 427–431; Said & Dickey (1984) Biometrika 71.
public struct ADFResult: Sendable, Equatable {
    public var statistic: Double
    public var pValue: Double
    /// Number of lagged differences chosen by AIC.
    public var usedLag: Int
    /// Observations in the final regression.
    public var observations: Int
    public var criticalValues: CriticalValues
}

public enum ADF {
    /// Runs the test with a constant; `name` labels the series in reasons.
    public static func test(_ x: UnsafeBufferPointer<Double>, name: String = "spread") -> Statistic<ADFResult> {
        switch tau(x, constant: true, name: name) {
        case .unavailable(let reason): return .unavailable(reason)
        case .available(let tau):
            return .available(
                ADFResult(
                    statistic: tau.statistic, pValue: MacKinnon.pValue(tau.statistic, variables: 1),
                    usedLag: tau.usedLag, observations: tau.observations,
                    criticalValues: MacKinnon.criticalValues(variables: 1, observations: tau.observations)))
        }
    }

    /// Array convenience for ``test(_:name:)``.
    public static func test(_ x: [Double], name: String = "spread") -> Statistic<ADFResult> {
        x.withUnsafeBufferPointer { test($0, name: name) }
    }

    /// The τ statistic, its lag and sample size.
    struct Tau: Sendable, Equatable {
        var statistic: Double
        var usedLag: Int
        var observations: Int
    }

    /// `adfuller`'s statistic with a constant (`regression="c"`) or without (`"n"`, used by `coint`).
    static func tau(_ x: UnsafeBufferPointer<Double>, constant: Bool, name: String) -> Statistic<Tau> {
        let n = x.count
        let trendTerms = constant ? 1 : 0
        let minimum = 2 * (trendTerms + 1)
        guard n >= minimum else { return .unavailable(.tooFewSamples(have: n, need: minimum)) }
        guard let low = x.min(), let high = x.max(), low != high else { return .unavailable(.constantSeries(name)) }
        let maxLag = min(n / 2 - trendTerms - 1, Int((12.0 * pow(Double(n) / 100.0, 0.25)).rounded(.up)))
        let series = LaggedSeries(x, centred: constant)
        guard let lag = series.bestLag(maxLag: maxLag, trendTerms: trendTerms) else {
            return .unavailable(.singularRegression("adf lag search on \(name)"))
        }
        return series.tStatistic(lags: lag, trendTerms: trendTerms, name: name)
    }
}

/// A series' levels and differences with the cross products of `adfuller`'s designs.
struct LaggedSeries {
    /// Levels, shifted by their mean when the regression has a constant (which absorbs the shift).
    let level: [Double]
    /// `Δx_t = x_{t+1} − x_t`, from the unshifted levels as `numpy.diff`.
    let diff: [Double]
    let centred: Bool

    init(_ x: UnsafeBufferPointer<Double>, centred: Bool) {
        var mean = 0.0
        if centred {
            for value in x { mean += value }
            mean /= Double(x.count)
        }
        level = x.map { $0 - mean }
        diff = (0..<(x.count - 1)).map { x[$0 + 1] - x[$0] }
        self.centred = centred
    }

    /// AIC-minimising lag on the common sample (`_autolag`): one factorisation of the largest design's
    /// correlation matrix, ordered [level, Δx_{t−1} … Δx_{t−p}, Δx_t], gives every nested SSR.
    func bestLag(maxLag p: Int, trendTerms: Int) -> Int? {
        var gram = crossProducts(lags: p, levelLast: false)
        guard gram.normaliseDiagonal() != nil, gram.choleskyLower() >= p + 1 else { return nil }
        let m = Double(diff.count - p)
        let y = p + 1
        var bestAIC = Double.infinity
        var bestLag = p
        var tail = gram[y, y] * gram[y, y]
        for k in stride(from: p, through: 0, by: -1) {
            // tail = scaled SSR with k lags; the common log(scale) and 2π terms do not change the argmin.
            // Walking down with `<=` keeps the smallest lag on ties, as `min((aic, lag), …)` does.
            let aic = m * log(tail / m) + 2 * Double(k + 1 + trendTerms)
            if aic <= bestAIC {
                bestAIC = aic
                bestLag = k
            }
            tail += gram[y, k] * gram[y, k]
        }
        return bestLag
    }

    /// Re-runs the regression with `lags` lags on its full sample; τ = γ̂ / se(γ̂) from the Cholesky factor of
    /// [Δx_{t−1} … Δx_{t−k}, x_{t−1}, Δx_t] as `z_γ / σ̂`.
    func tStatistic(lags k: Int, trendTerms: Int, name: String) -> Statistic<ADF.Tau> {
        let m = diff.count - k
        let dof = m - (k + 1 + trendTerms)
        guard dof > 0 else { return .unavailable(.tooFewSamples(have: level.count, need: level.count - dof + 1)) }
        var gram = crossProducts(lags: k, levelLast: true)
        guard gram.normaliseDiagonal() != nil, gram.choleskyLower() >= k + 1 else {
            return .unavailable(.singularRegression("adf on \(name)"))
        }
        let residual = gram[k + 1, k + 1]
        guard residual > 0 else { return .unavailable(.singularRegression("adf on \(name)")) }
        let statistic = gram[k + 1, k] / (residual / Double(dof).squareRoot())
        return .available(ADF.Tau(statistic: statistic, usedLag: k, observations: m))
    }
}
