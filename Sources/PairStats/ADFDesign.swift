// SPDX-License-Identifier: Apache-2.0

/// Cross products of the ADF design in O(n·p) instead of O(n·p²).
///
/// The lagged differences are shifted copies of one series, so `Σ_t Δx_{t−i}·Δx_{t−j}` over the sample
/// `t = p … n−2` follows from the entry one step up the diagonal by removing the last product and adding
/// the one before the sample: only the first row (the autocovariance sums) needs a pass over the data.
extension LaggedSeries {
    /// Centred (when the regression has a constant) cross products of
    /// [x_{t−1}, Δx_{t−1} … Δx_{t−p}, Δx_t] or, with `levelLast`, [Δx_{t−1} … Δx_{t−p}, x_{t−1}, Δx_t].
    func crossProducts(lags p: Int, levelLast: Bool) -> SymmetricMatrix {
        let raw = rawProducts(lags: p)
        let rows = Double(diff.count - p)
        let sums = centred ? lagSums(lags: p, first: p, last: diff.count - 1) : [Double](repeating: 0, count: p + 1)
        var levelSum = 0.0
        if centred { for t in p..<diff.count { levelSum += level[t] } }
        // Column of lag j (0 = the response Δx_t) and of the level.
        let y = p + 1
        let levelColumn = levelLast ? p : 0
        func column(_ j: Int) -> Int { j == 0 ? y : (levelLast ? j - 1 : j) }
        var gram = SymmetricMatrix(size: p + 2)
        for i in 0...p {
            for j in i...p {
                let value = raw.lagged[i * (p + 1) + j] - sums[i] * sums[j] / rows
                gram[column(i), column(j)] = value
                gram[column(j), column(i)] = value
            }
            let value = raw.levelByLag[i] - levelSum * sums[i] / rows
            gram[levelColumn, column(i)] = value
            gram[column(i), levelColumn] = value
        }
        gram[levelColumn, levelColumn] = raw.levelSquares - levelSum * levelSum / rows
        return gram
    }

    /// Uncentred sums of products over the sample t = p … n−2: lag by lag, level by lag, level by level.
    private func rawProducts(lags p: Int) -> (lagged: [Double], levelByLag: [Double], levelSquares: Double) {
        let first = p
        let last = diff.count - 1
        var lagged = [Double](repeating: 0, count: (p + 1) * (p + 1))
        var levelByLag = [Double](repeating: 0, count: p + 1)
        var levelSquares = 0.0
        diff.withUnsafeBufferPointer { d in
            level.withUnsafeBufferPointer { z in
                for k in 0...p {
                    var dd = 0.0, zd = 0.0
                    for t in first...last {
                        dd += d[t] * d[t - k]
                        zd += z[t] * d[t - k]
                    }
                    lagged[k] = dd
                    levelByLag[k] = zd
                }
                for t in first...last { levelSquares += z[t] * z[t] }
                fillDiagonals(&lagged, d: d, lags: p, first: first, last: last)
            }
        }
        return (lagged, levelByLag, levelSquares)
    }

    /// `G[i][j] = G[i−1][j−1] − Δx_{last+1−i}·Δx_{last+1−j} + Δx_{first−i}·Δx_{first−j}`.
    private func fillDiagonals(_ g: inout [Double], d: UnsafeBufferPointer<Double>, lags p: Int, first: Int, last: Int) {
        let width = p + 1
        guard p >= 1 else { return }
        for i in 1...p {
            for j in i...p {
                g[i * width + j] = g[(i - 1) * width + (j - 1)] - d[last + 1 - i] * d[last + 1 - j] + d[first - i] * d[first - j]
                g[j * width + i] = g[i * width + j]
            }
        }
    }

    /// `Σ_t Δx_{t−k}` for k = 0 … p, by the same sliding rule.
    private func lagSums(lags p: Int, first: Int, last: Int) -> [Double] {
        var sums = [Double](repeating: 0, count: p + 1)
        for t in first...last { sums[0] += diff[t] }
        guard p >= 1 else { return sums }
        for k in 1...p { sums[k] = sums[k - 1] - diff[last + 1 - k] + diff[first - k] }
        return sums
    }
}
