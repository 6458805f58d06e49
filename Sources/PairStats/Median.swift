// SPDX-License-Identifier: Apache-2.0

/// Median by selection (Hoare's quickselect), as `numpy.median`: the mean of the two middle values for an
/// even count. Runs in expected linear time and reorders the buffer it is given.
enum Median {
    static func ofAbsoluteValues(_ values: UnsafeBufferPointer<Double>, scratch: inout [Double]) -> Double {
        let n = values.count
        if scratch.count < n { scratch = [Double](repeating: 0, count: n) }
        return scratch.withUnsafeMutableBufferPointer { s in
            for i in 0..<n { s[i] = abs(values[i]) }
            let upper = select(s, count: n, k: n / 2)
            guard n % 2 == 0 else { return upper }
            // After selecting k, everything left of k is ≤ s[k]; the lower middle is their maximum.
            var lower = -Double.infinity
            for i in 0..<(n / 2) where s[i] > lower { lower = s[i] }
            return (lower + upper) / 2
        }
    }

    /// Places the k-th smallest at index k with smaller-or-equal values before it; returns it.
    private static func select(_ s: UnsafeMutableBufferPointer<Double>, count: Int, k: Int) -> Double {
        var lo = 0, hi = count - 1
        while lo < hi {
            let pivot = medianOfThree(s[lo], s[(lo + hi) / 2], s[hi])
            var i = lo, j = hi
            while i <= j {
                while s[i] < pivot { i += 1 }
                while s[j] > pivot { j -= 1 }
                if i <= j {
                    s.swapAt(i, j)
                    i += 1
                    j -= 1
                }
            }
            if k <= j {
                hi = j
            } else if k >= i {
                lo = i
            } else {
                break
            }
        }
        return s[k]
    }

    private static func medianOfThree(_ a: Double, _ b: Double, _ c: Double) -> Double {
        max(min(a, b), min(max(a, b), c))
    }
}
