// SPDX-License-Identifier: Apache-2.0
import Foundation
import MarketData

/// The benchmark's market: `symbols` symbols whose closes are cointegrated random walks, and `pairs` distinct ordered
/// pairs of them, with `bars` stored bars per symbol and timeframe, the last one ending at the start of the interval
/// under way at `endMs` (so all end at `endMs` when it is aligned on every timeframe).
///
/// Every symbol k follows `log P_k = c_k + β_k·X + u_k`, X a Gaussian random walk shared by all and u_k a stationary
/// AR(1), so any two symbols are cointegrated (Engle & Granger 1987) and the engines' Huber, ADF and half-life do
/// their usual work. SplitMix64 and Box–Muller make the data identical on every run for the same seed.
public struct BenchMarket {
    public let symbols: [String]
    public let pairs: [(a: String, b: String)]
    public let bars: Int
    public let endMs: Int64
    public let seed: UInt64
    private let levels: [Double]
    private let betas: [Double]

    public init(symbols count: Int, pairs pairCount: Int, bars: Int, endMs: Int64, seed: UInt64) {
        symbols = (0..<count).map { String(format: "B%03dUSDT", $0) }
        self.bars = bars
        self.endMs = endMs
        self.seed = seed
        levels = (0..<count).map { log(10 + Double(($0 * 7_919) % 990)) }
        betas = (0..<count).map { 0.5 + Double($0 % 11) / 10 }
        // Offsets 1, 2, … around the ring of symbols give distinct ordered pairs, each symbol in the same number.
        var pairs: [(a: String, b: String)] = []
        var offset = 1
        while pairs.count < pairCount, offset < count {
            for i in 0..<count where pairs.count < pairCount { pairs.append((symbols[i], symbols[(i + offset) % count])) }
            offset += 1
        }
        self.pairs = pairs
    }

    /// The stored bars of one timeframe, all symbols, oldest first.
    public func history(_ timeframe: Timeframe) -> [Bar] {
        var random = SplitMix64(seed: seed &+ UInt64(timeframe.milliseconds))
        var deviations = [Double](repeating: 0, count: symbols.count)
        var previous = symbols.indices.map { exp(levels[$0]) }
        var factor = 0.0
        var result: [Bar] = []
        result.reserveCapacity(bars * symbols.count)
        let firstStart = timeframe.start(containing: endMs) - Int64(bars) * timeframe.milliseconds
        for step in 0..<bars {
            factor += 1e-3 * random.nextGaussian()
            let start = firstStart + Int64(step) * timeframe.milliseconds
            for k in symbols.indices {
                deviations[k] = 0.95 * deviations[k] + 5e-4 * random.nextGaussian()
                let close = exp(levels[k] + betas[k] * factor + deviations[k])
                result.append(
                    Bar(symbol: symbols[k], timeframe: timeframe, startMs: start, open: previous[k], high: max(previous[k], close),
                        low: min(previous[k], close), close: close, volume: 1, trades: 1))
                previous[k] = close
            }
        }
        return result
    }
}
