// SPDX-License-Identifier: Apache-2.0
import Foundation
import MarketData

/// A deterministic generator of trades whose prices move as a cointegrated system.
///
/// Every symbol k shares one latent log-price factor X (a Gaussian random walk) and has its own stationary
/// AR(1) deviation u_k: `log P_k = c_k + β_k·X + u_k`. Any two symbols are then cointegrated, since
/// `log P_a − (β_a/β_b)·log P_b` is a constant plus stationary noise (Engle & Granger 1987), so spread and
/// z-score gauges move as they would on a real pair. Arrivals are a Poisson process of the given rate.
///
/// The same seed, symbols, rate and start time always give the same trades. Trade ids are
/// `startTimeMs × 1000 + n` (n counts that symbol's trades from 1), so they increase per symbol and a later
/// run, which starts later, never reuses an earlier run's ids.
public struct SimulatedMarket: Sendable {
    private var random: SplitMix64
    private let symbols: [String]
    private let betas: [Double]
    private let levels: [Double]
    private var deviations: [Double]
    private var counters: [Int64]
    private var factor = 0.0
    private let ratePerMs: Double
    private let idBase: Int64
    /// Event time, in fractional milliseconds, of the trade `next()` returned last (the start time before the first).
    public private(set) var nextTimeMs: Double

    /// Per-millisecond volatility of the common factor: about 1e-4 per second, roughly 56% a year.
    static let factorSigmaPerSqrtMs = 1e-4 / 1_000.0.squareRoot()
    /// Stationary standard deviation and half-life of each symbol's deviation: a few basis points reverting
    /// over about three minutes, so 1m bars show a spread with a half-life of a few bars.
    static let deviationSigma = 5e-4
    static let deviationHalfLifeMs = 180_000.0

    public init(symbols: [String], seed: UInt64, tradesPerSecond: Double, startTimeMs: Int64) {
        precondition(!symbols.isEmpty && tradesPerSecond > 0, "validated by the configuration")
        self.random = SplitMix64(seed: seed)
        self.symbols = symbols
        self.betas = symbols.indices.map { 1.0 + 0.15 * Double($0) }
        self.levels = symbols.map { log(SimulatedMarket.referencePrice(of: $0)) }
        self.deviations = Array(repeating: 0, count: symbols.count)
        self.counters = Array(repeating: 0, count: symbols.count)
        self.ratePerMs = tradesPerSecond / 1_000
        self.idBase = startTimeMs * 1_000
        self.nextTimeMs = Double(startTimeMs)
    }

    /// Familiar starting prices for well-known symbols; others get a deterministic price between 1 and 1000.
    static func referencePrice(of symbol: String) -> Double {
        switch symbol {
        case "BTCUSDT": return 60_000
        case "ETHUSDT": return 3_000
        case "SOLUSDT": return 150
        case "BNBUSDT": return 600
        default:
            let hash = symbol.utf8.reduce(UInt64(14_695_981_039_346_656_037)) { ($0 ^ UInt64($1)) &* 1_099_511_628_211 }
            return 1 + Double(hash % 999_000) / 1_000
        }
    }

    /// The next trade in event-time order.
    public mutating func next() -> Trade {
        let gapMs = -log(1 - random.nextUnit()) / ratePerMs
        nextTimeMs += gapMs
        factor += Self.factorSigmaPerSqrtMs * gapMs.squareRoot() * random.nextGaussian()
        // Exact AR(1) discretisation over the gap: φ = 2^(−gap/halfLife), innovation keeps the variance stationary.
        let phi = pow(2, -gapMs / Self.deviationHalfLifeMs)
        let innovation = Self.deviationSigma * (1 - phi * phi).squareRoot()
        for k in deviations.indices {
            deviations[k] = phi * deviations[k] + innovation * random.nextGaussian()
        }
        let k = Int(random.next() % UInt64(symbols.count))
        counters[k] += 1
        let price = exp(levels[k] + betas[k] * factor + deviations[k])
        let quantity = (0.001 + 2 * random.nextUnit() * random.nextUnit()) * 1_000 / exp(levels[k]).squareRoot()
        return Trade(
            symbol: symbols[k], tradeID: idBase + counters[k], timeMs: Int64(nextTimeMs.rounded(.down)),
            price: price, quantity: quantity, buyerIsMaker: random.next() & 1 == 1)
    }
}
