// SPDX-License-Identifier: Apache-2.0
import Foundation

/// A deterministic cointegrated pair: B a random walk near 100, A = 3.78 + 1.69·B + AR(1) noise, with
/// occasional outliers so Huber has work to do. SplitMix64 and Box–Muller make it identical on every run.
struct BenchData {
    var a: [Double] = []
    var b: [Double] = []

    init(count: Int, seed: UInt64 = 20_240_601) {
        var random = SplitMix64(state: seed)
        var level = 100.0, noise = 0.0
        for i in 0..<count {
            level += random.normal()
            noise = 0.7 * noise + random.normal()
            let outlier = i % 37 == 0 ? 8 * random.normal() : 0
            b.append(level)
            a.append(3.78 + 1.69 * level + noise + outlier)
        }
    }

    /// `a,b` rows with a header, so the statsmodels script times the very same bars.
    func csv() -> String {
        var text = "a,b\n"
        for i in a.indices { text += "\(a[i]),\(b[i])\n" }
        return text
    }
}

/// Steele, Lea & Flood (2014) SplitMix64.
struct SplitMix64 {
    var state: UInt64

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// Uniform on (0, 1].
    mutating func uniform() -> Double { (Double(next() >> 11) + 1) / 9_007_199_254_740_992 }

    /// Standard normal by Box–Muller.
    mutating func normal() -> Double { (-2 * log(uniform())).squareRoot() * cos(2 * .pi * uniform()) }
}
