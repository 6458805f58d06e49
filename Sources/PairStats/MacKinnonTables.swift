// SPDX-License-Identifier: Apache-2.0
import Foundation

/// MacKinnon's response-surface approximations for Dickey–Fuller and Engle–Granger τ statistics with a
/// constant (regression `"c"`), for N = 1…6 integrated variables.
///
/// The coefficients are the published tables, as carried by statsmodels' `tsa/adfvalues.py`:
/// - p-values: MacKinnon, J. G. (1994) "Approximate Asymptotic Distribution Functions for Unit-Root and
///   Cointegration Tests", Journal of Business & Economic Statistics 12(2), 167–176 (`mackinnonp`);
/// - critical values: MacKinnon, J. G. (2010) "Critical Values for Cointegration Tests", Queen's Economics
///   Department Working Paper No. 1227, Table 2 (`mackinnoncrit`).
public enum MacKinnon {
    /// Left-tail cut-off between the small-p and large-p polynomials (`tau_star_c`).
    static let tauStar: [Double] = [-1.61, -2.62, -3.13, -3.47, -3.78, -3.93]
    /// Below this the p-value is 0 (`tau_min_c`).
    static let tauMin: [Double] = [-18.83, -18.86, -23.48, -28.07, -25.96, -23.27]
    /// Above this the p-value is 1 (`tau_max_c`).
    static let tauMax: [Double] = [2.74, 0.92, 0.55, 0.61, 0.79, 1]
    /// `tau_c_smallp` with `small_scaling = [1, 1, 1e-2]` applied: Φ⁻¹(p) = b0 + b1·τ + b2·τ².
    static let smallP: [[Double]] = [
        [2.1659, 1.4412, 3.8269e-2], [2.92, 1.5012, 3.9796e-2], [3.4699, 1.4856, 3.164e-2],
        [3.9673, 1.4777, 2.6315e-2], [4.5509, 1.5338, 2.9545e-2], [5.1399, 1.6036, 3.4445e-2],
    ]
    /// `tau_c_largep` with `large_scaling = [1, 1e-1, 1e-1, 1e-2]` applied: Φ⁻¹(p) = b0 + … + b3·τ³.
    static let largeP: [[Double]] = [
        [1.7339, 9.3202e-1, -1.2745e-1, -1.0368e-2], [2.1945, 6.4695e-1, -2.9198e-1, -4.2377e-2],
        [2.5893, 4.5168e-1, -3.6529e-1, -5.0074e-2], [3.0387, 4.5452e-1, -3.3666e-1, -4.1921e-2],
        [3.5049, 5.2098e-1, -2.9158e-1, -3.3468e-2], [3.9489, 5.8933e-1, -2.5359e-1, -2.721e-2],
    ]
    /// `tau_c_2010[N−1]`: rows 1%, 5%, 10%; τ(T) = c0 + c1/T + c2/T² + c3/T³.
    static let critical2010: [[[Double]]] = [
        [[-3.43035, -6.5393, -16.786, -79.433], [-2.86154, -2.8903, -4.234, -40.040], [-2.56677, -1.5384, -2.809, 0]],
        [[-3.89644, -10.9519, -33.527, 0], [-3.33613, -6.1101, -6.823, 0], [-3.04445, -4.2412, -2.720, 0]],
        [[-4.29374, -14.4354, -33.195, 47.433], [-3.74066, -8.5632, -10.852, 27.982], [-3.45218, -6.2143, -3.718, 0]],
        [[-4.64332, -18.1031, -37.972, 0], [-4.09600, -11.2349, -11.175, 0], [-3.81020, -8.3931, -4.137, 0]],
        [[-4.95756, -21.8883, -45.142, 0], [-4.41519, -14.0405, -12.575, 0], [-4.13157, -10.7417, -3.784, 0]],
        [[-5.24568, -25.6688, -57.737, 88.639], [-4.70693, -16.9178, -17.492, 60.007], [-4.42501, -13.1875, -5.104, 27.877]],
    ]

    /// Approximate asymptotic p-value of a τ statistic (`mackinnonp(stat, regression="c", N=variables)`).
    public static func pValue(_ tau: Double, variables: Int) -> Double {
        let i = variables - 1
        precondition((0..<6).contains(i), "MacKinnon tables cover 1 to 6 variables")
        if tau > tauMax[i] { return 1 }
        if tau < tauMin[i] { return 0 }
        let coefficients = tau <= tauStar[i] ? smallP[i] : largeP[i]
        return normalCDF(horner(coefficients, tau))
    }

    /// 1%, 5% and 10% critical values for `observations` (`mackinnoncrit(N=variables, regression="c", nobs)`).
    public static func criticalValues(variables: Int, observations: Int) -> CriticalValues {
        let i = variables - 1
        precondition((0..<6).contains(i), "MacKinnon tables cover 1 to 6 variables")
        let inverse = 1 / Double(observations)
        let values = critical2010[i].map { horner($0, inverse) }
        return CriticalValues(onePercent: values[0], fivePercent: values[1], tenPercent: values[2])
    }

    /// Σ c[k]·x^k, highest power first in the evaluation (as `numpy.polyval` on the reversed list).
    private static func horner(_ c: [Double], _ x: Double) -> Double {
        var value = 0.0
        for coefficient in c.reversed() { value = value * x + coefficient }
        return value
    }

    /// Standard normal distribution function, `scipy.stats.norm.cdf`.
    static func normalCDF(_ x: Double) -> Double { 0.5 * erfc(-x / 2.0.squareRoot()) }
}

/// Critical values of a unit-root or cointegration test at the usual levels.
public struct CriticalValues: Sendable, Equatable {
    public var onePercent: Double
    public var fivePercent: Double
    public var tenPercent: Double

    public init(onePercent: Double, fivePercent: Double, tenPercent: Double) {
        self.onePercent = onePercent
        self.fivePercent = fivePercent
        self.tenPercent = tenPercent
    }
}
