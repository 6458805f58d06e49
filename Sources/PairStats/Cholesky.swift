// SPDX-License-Identifier: Apache-2.0

/// In-place Cholesky factorisation of a small symmetric positive definite matrix.
///
/// Least squares problems in PairStats are solved from centred and unit-scaled cross-product matrices
/// (correlation matrices), whose Cholesky factor gives every nested regression at once: with the response
/// in the last column, the squared entries of the factor's last row past column `q` sum to the residual sum
/// of squares of the regression on the first `q` regressors (the normal-equations view of QR, see
/// Golub & Van Loan, Matrix Computations, 4th ed., §5.3). No matrix is ever inverted.
struct SymmetricMatrix {
    let size: Int
    var elements: [Double]

    init(size: Int) {
        self.size = size
        self.elements = [Double](repeating: 0, count: size * size)
    }

    subscript(row: Int, column: Int) -> Double {
        get { elements[row * size + column] }
        set { elements[row * size + column] = newValue }
    }

    /// Scales to unit diagonal; returns the square roots of the former diagonal, or nil if one is not positive.
    mutating func normaliseDiagonal() -> [Double]? {
        var scales = [Double](repeating: 0, count: size)
        for i in 0..<size {
            let d = self[i, i]
            guard d > 0, d.isFinite else { return nil }
            scales[i] = d.squareRoot()
        }
        for i in 0..<size {
            for j in 0..<size { self[i, j] /= scales[i] * scales[j] }
        }
        return scales
    }

    /// Factorises into the lower triangle (`L·Lᵀ`). Returns the number of leading pivots that were
    /// positive: a pivot at or below `tolerance` means that column is (numerically) a combination of the
    /// previous ones, so only the regressions on fewer columns are trustworthy.
    mutating func choleskyLower(tolerance: Double = 1e-13) -> Int {
        let n = size
        return elements.withUnsafeMutableBufferPointer { m in
            for j in 0..<n {
                var pivot = m[j * n + j]
                for k in 0..<j { pivot -= m[j * n + k] * m[j * n + k] }
                guard pivot > tolerance else {
                    m[j * n + j] = 0
                    return j
                }
                let root = pivot.squareRoot()
                m[j * n + j] = root
                for i in (j + 1)..<n {
                    var sum = m[i * n + j]
                    for k in 0..<j { sum -= m[i * n + k] * m[j * n + k] }
                    m[i * n + j] = sum / root
                }
            }
            return n
        }
    }
}
