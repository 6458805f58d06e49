// SPDX-License-Identifier: Apache-2.0
import TestSupport
import Testing

@testable import MarketData

/// Quantities with up to eight decimals, as Binance's are, whose double sum depends on the order of its terms.
private func quantities(_ count: Int, _ random: inout SplitMix64) -> [Double] {
    (0..<count).map { _ in
        let decimals = Int(random.next() % 9)
        var scale = 1.0
        for _ in 0..<decimals { scale *= 10 }
        return Double(1 + random.next() % 5_000_000) / scale
    }
}

@Test func quantitySum_whenAddedInAnyOrder_isTheSameAndTheDecimalSum() {
    let seed = testSeed()
    var random = SplitMix64(seed: seed)
    var orderMattered = false
    for _ in 0..<200 {
        let terms = quantities(2 + Int(random.next() % 60), &random)
        var forward = QuantitySum()
        var shuffled = QuantitySum()
        terms.forEach { forward.add($0) }
        terms.shuffled(using: &random).forEach { shuffled.add($0) }
        #expect(forward == shuffled && forward.value == shuffled.value, "seed \(seed): \(terms)")
        let steps = terms.reduce(Int64(0)) { $0 + QuantitySum.steps($1) }
        #expect(forward.value == Double(steps) / 100_000_000, "seed \(seed): the sum of the decimals, rounded once")
        if terms.reduce(0, +) != terms.reversed().reduce(0, +) { orderMattered = true }
    }
    #expect(orderMattered, "seed \(seed): the cases include sums of doubles that the order changes")
}

@Test func quantitySum_ofBinanceQuantities_readsAsTheirDecimalSum() {
    var sum = QuantitySum()
    for quantity in [0.1, 0.2, 0.159] { sum.add(quantity) }
    #expect(sum.value == 0.459)
    #expect(0.1 + 0.2 + 0.159 != 0.459, "what adding the doubles gives instead")
}

@Test func quantitySum_whenAQuantityIsBeyondAnyTrade_clampsRatherThanTrapping() {
    var sum = QuantitySum()
    sum.add(1e300)
    sum.add(.infinity)
    sum.add(1)
    #expect(sum.value > 9e10)
    #expect(QuantitySum.steps(-1e300) == .min)
}

@Test func barAccumulator_whenTradesComeInAnyOrder_buildsTheSameBar() throws {
    let seed = testSeed()
    var random = SplitMix64(seed: seed)
    let second = try #require(Timeframe("1s"))
    for _ in 0..<100 {
        let sizes = quantities(2 + Int(random.next() % 40), &random)
        let trades = sizes.enumerated().map { index, quantity in
            Trade(
                symbol: "BTCUSDT", tradeID: Int64(index), timeMs: Int64(random.next() % 1_000), price: Double(60_000 + random.next() % 100),
                quantity: quantity, buyerIsMaker: false)
        }
        func bar(_ trades: [Trade]) -> Bar? {
            guard let first = trades.first else { return nil }
            var accumulator = BarAccumulator(first)
            for trade in trades.dropFirst() { accumulator.add(trade) }
            return accumulator.bar(symbol: "BTCUSDT", timeframe: second, startMs: 0)
        }
        #expect(bar(trades) == bar(trades.shuffled(using: &random)), "seed \(seed)")
    }
}
