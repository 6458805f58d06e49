// SPDX-License-Identifier: Apache-2.0
import Foundation
import MarketData
import Testing

@testable import Feeds

private func trades(seed: UInt64, count: Int, start: Int64 = 1_700_000_000_000) -> [Trade] {
    var market = SimulatedMarket(symbols: ["BTCUSDT", "ETHUSDT"], seed: seed, tradesPerSecond: 20, startTimeMs: start)
    return (0..<count).map { _ in market.next() }
}

@Test func market_whenSeedIsTheSame_producesTheSameTrades() {
    #expect(trades(seed: 7, count: 500) == trades(seed: 7, count: 500))
    #expect(trades(seed: 7, count: 500) != trades(seed: 8, count: 500))
}

@Test func market_whenRunning_idsIncreasePerSymbolAndTimesNeverGoBack() {
    let all = trades(seed: 1, count: 5_000)
    for symbol in ["BTCUSDT", "ETHUSDT"] {
        let ids = all.filter { $0.symbol == symbol }.map(\.tradeID)
        #expect(ids == ids.sorted() && Set(ids).count == ids.count)
        #expect(ids.first.map { $0 == 1_700_000_000_000_001 } == true)
    }
    #expect(zip(all, all.dropFirst()).allSatisfy { $0.timeMs <= $1.timeMs })
    #expect(all.allSatisfy { $0.price > 0 && $0.quantity > 0 })
}

@Test func market_whenRunAtTwentyPerSecond_arrivalRateMatches() throws {
    let all = trades(seed: 3, count: 20_000)
    let last = try #require(all.last)
    let seconds = Double(last.timeMs - 1_700_000_000_000) / 1_000
    #expect(abs(Double(all.count) / seconds - 20) < 1)
}

/// The log spread `log A − (β_A/β_B)·log B` is stationary while each leg wanders: over a long run its spread of
/// values stays near the AR(1) deviation scale, far below the legs' own drift.
@Test func market_whenLegsWander_theirLogSpreadStaysBounded() {
    // One trade a second makes the 200,000 trades span about two days, long enough for the legs to wander.
    var market = SimulatedMarket(symbols: ["BTCUSDT", "ETHUSDT"], seed: 11, tradesPerSecond: 1, startTimeMs: 0)
    var lastA = 0.0
    var lastB = 0.0
    var spreads: [Double] = []
    var legs: [Double] = []
    for _ in 0..<200_000 {
        let trade = market.next()
        if trade.symbol == "BTCUSDT" { lastA = log(trade.price) } else { lastB = log(trade.price) }
        guard lastA != 0, lastB != 0 else { continue }
        spreads.append(lastA - lastB / 1.15)
        legs.append(lastA)
    }
    func range(_ values: [Double]) -> Double { (values.max() ?? 0) - (values.min() ?? 0) }
    #expect(range(spreads) < 0.01)
    #expect(range(legs) > 3 * range(spreads))
}

@Test func referencePrice_whenSymbolIsUnknown_isDeterministicAndPositive() {
    #expect(SimulatedMarket.referencePrice(of: "BTCUSDT") == 60_000)
    let price = SimulatedMarket.referencePrice(of: "XYZUSDT")
    #expect(price == SimulatedMarket.referencePrice(of: "XYZUSDT"))
    #expect((1...1_000).contains(price))
}
