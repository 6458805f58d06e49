// SPDX-License-Identifier: Apache-2.0

/// Pearson's product-moment correlation, `Σ(a−ā)(b−b̄) / √(Σ(a−ā)²·Σ(b−b̄)²)`, as `numpy.corrcoef`.
public enum Correlation {
    public static func pearson(_ a: UnsafeBufferPointer<Double>, _ b: UnsafeBufferPointer<Double>) -> Statistic<Double> {
        CoMoments(a: a, b: b).correlation
    }

    /// Array convenience for ``pearson(_:_:)``.
    public static func pearson(_ a: [Double], _ b: [Double]) -> Statistic<Double> {
        a.withUnsafeBufferPointer { ab in b.withUnsafeBufferPointer { bb in pearson(ab, bb) } }
    }
}
