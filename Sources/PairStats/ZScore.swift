// SPDX-License-Identifier: Apache-2.0

/// Z-score of the latest value against its trailing window: `(s_t − mean) / std`, with the sample standard
/// deviation (ddof = 1), as pandas `(s - s.rolling(w).mean()) / s.rolling(w).std()` at the last row.
public enum ZScore {
    /// Uses the last `window` values of `s`; unavailable with fewer values or a zero standard deviation.
    public static func latest(_ s: UnsafeBufferPointer<Double>, window: Int) -> Statistic<Double> {
        let need = max(window, 2)
        guard s.count >= need else { return .unavailable(.tooFewSamples(have: s.count, need: need)) }
        let tail = UnsafeBufferPointer(rebasing: s[(s.count - window)...])
        var mean = 0.0
        for value in tail { mean += value }
        mean /= Double(window)
        var squares = 0.0
        for value in tail { squares += (value - mean) * (value - mean) }
        let std = (squares / Double(window - 1)).squareRoot()
        guard std > 0 else { return .unavailable(.zeroStandardDeviation) }
        let z = (tail[window - 1] - mean) / std
        return z.isFinite ? .available(z) : .unavailable(.zeroStandardDeviation)
    }

    /// Array convenience for ``latest(_:window:)``.
    public static func latest(_ s: [Double], window: Int) -> Statistic<Double> {
        s.withUnsafeBufferPointer { latest($0, window: window) }
    }
}
