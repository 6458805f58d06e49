// SPDX-License-Identifier: Apache-2.0
import Foundation
import MarketData

/// A deterministic cointegrated pair: B a random walk near 100, A = 3.78 + 1.69·B + AR(1) noise, with
/// occasional outliers so Huber has work to do. SplitMix64 (MarketData's) and Box–Muller
/// make it identical on every run.
struct BenchData {
    var a: [Double] = []
    var b: [Double] = []

    init(count: Int, seed: UInt64 = 20_240_601) {
        var random = SplitMix64(seed: seed)
        var level = 100.0, noise = 0.0
        for i in 0..<count {
            level += random.nextGaussian()
            noise = 0.7 * noise + random.nextGaussian()
            let outlier = i % 37 == 0 ? 8 * random.nextGaussian() : 0
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
