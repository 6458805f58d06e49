// SPDX-License-Identifier: Apache-2.0

/// Huber's robust regression of `y` on a constant and `x`, by iteratively reweighted least squares.
///
/// Reproduces `statsmodels.api.RLM(y, add_constant(x), M=HuberT()).fit()` step for step
/// (statsmodels/robust/robust_linear_model.py `RLM.fit`, robust/norms.py `HuberT`, robust/scale.py `mad`):
/// - start: OLS (or `start`, as `fit(start_params=…)`), unit weights;
/// - scale: `median(|r|) / Φ⁻¹(3/4)`, the normalised MAD centred at 0, re-estimated after every fit;
/// - weights: `w = 1` where `|r/scale| ≤ t`, else `t/|r/scale|`, with `t = 1.345`;
/// - stop: the deviance `Σ ρ(r / σ²)` changes by at most `tolerance` (σ² = Σw·r²/(n−2), the weighted fit's
///   residual variance, as statsmodels' `deviance` uses), or after `maxIterations` fits, or a zero scale.
/// Reference: Huber, P. J. (1981) Robust Statistics, Wiley; Holland & Welsch (1977) on IRLS.
public enum Huber {
    /// `HuberT.t`, 95% efficiency at the normal.
    public static let tuning = 1.345
    /// `scipy.stats.norm.ppf(0.75)`, the MAD's normalising constant.
    static let madConstant = 0.6744897501960817

    /// The fitted line and how the iteration ended.
    public struct Result: Sendable, Equatable {
        public var fit: LinearFit
        /// Final normalised MAD of the residuals.
        public var scale: Double
        /// statsmodels' `fit_history["iteration"]`.
        public var iterations: Int
    }

    /// Fits; nil when `x` is constant or there are fewer than 3 points.
    public static func fit(
        y: UnsafeBufferPointer<Double>, x: UnsafeBufferPointer<Double>, start: LinearFit? = nil,
        tolerance: Double = 1e-8, maxIterations: Int = 50
    ) -> Result? {
        let n = min(y.count, x.count)
        guard n >= 3, var current = start ?? OLS.fit(y: y, x: x) else { return nil }
        var work = Workspace(count: n)
        var state = work.evaluate(current, y: y, x: x, weights: nil)
        var iteration = 1
        while true {
            if state.scale == 0 { break }
            work.updateWeights(scale: state.scale)
            guard let next = work.withBuffers({ OLS.fitWeighted(y: y, x: x, weights: $0) }) else { break }
            current = next
            let deviance = state.deviance
            state = work.evaluate(current, y: y, x: x, weights: work.weights)
            iteration += 1
            if !(abs(state.deviance - deviance) > tolerance && iteration < maxIterations) { break }
        }
        guard current.slope.isFinite, current.intercept.isFinite else { return nil }
        return Result(fit: current, scale: state.scale, iterations: iteration)
    }

    /// Array convenience for ``fit(y:x:start:tolerance:maxIterations:)``.
    public static func fit(y: [Double], x: [Double], start: LinearFit? = nil) -> Result? {
        y.withUnsafeBufferPointer { yb in x.withUnsafeBufferPointer { xb in fit(y: yb, x: xb, start: start) } }
    }

    /// Huber's ρ: `z²/2` inside `[−t, t]`, `t·|z| − t²/2` outside (`HuberT.rho`).
    @inline(__always)
    static func rho(_ z: Double) -> Double {
        let a = abs(z)
        return a <= tuning ? 0.5 * z * z : tuning * a - 0.5 * tuning * tuning
    }

    private struct State {
        var scale: Double
        var deviance: Double
    }

    /// Reused buffers for one fit.
    private struct Workspace {
        var residuals: [Double]
        var weights: [Double]
        var scratch: [Double]

        init(count: Int) {
            residuals = [Double](repeating: 0, count: count)
            weights = [Double](repeating: 1, count: count)
            scratch = [Double](repeating: 0, count: count)
        }

        func withBuffers<R>(_ body: (UnsafeBufferPointer<Double>) -> R) -> R {
            weights.withUnsafeBufferPointer(body)
        }

        /// Residuals, the MAD scale and statsmodels' deviance for one fitted line.
        mutating func evaluate(
            _ line: LinearFit, y: UnsafeBufferPointer<Double>, x: UnsafeBufferPointer<Double>, weights w: [Double]?
        ) -> State {
            let n = residuals.count
            var weightedSquares = 0.0
            residuals.withUnsafeMutableBufferPointer { r in
                for i in 0..<n {
                    r[i] = line.residual(y: y[i], x: x[i])
                    weightedSquares += (w?[i] ?? 1) * r[i] * r[i]
                }
            }
            let variance = weightedSquares / Double(n - 2)
            var deviance = 0.0
            for value in residuals { deviance += Huber.rho(value / variance) }
            let median = residuals.withUnsafeBufferPointer { Median.ofAbsoluteValues($0, scratch: &scratch) }
            return State(scale: median / Huber.madConstant, deviance: deviance)
        }

        mutating func updateWeights(scale: Double) {
            for i in 0..<residuals.count {
                let z = abs(residuals[i] / scale)
                weights[i] = z <= Huber.tuning ? 1 : Huber.tuning / z
            }
        }
    }
}
