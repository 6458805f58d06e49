// SPDX-License-Identifier: Apache-2.0
import Foundation
import MarketData

/// Draws one symbol's aggregate trades: consecutive ids, a seeded random-walk price, skewed quantities, and
/// underlying trade ids (`f`, `l`) that now and then skip, as ADL and insurance trades make them do on Binance.
struct TradeGenerator: Sendable {
    let format: SymbolFormat
    private var random: SplitMix64
    private var nextID: Int64
    private var nextTradeID: Int64
    private var priceUnits: Int64
    private let meanQuantityUnits: Double

    init(format: SymbolFormat, startID: Int64, startPrice: Double, seed: UInt64) {
        self.format = format
        random = SplitMix64(seed: seed)
        nextID = startID
        nextTradeID = startID &* 3
        priceUnits = max(1, Int64((startPrice * pow(10, Double(format.priceDecimals))).rounded()))
        // About 2,000 USDT a trade, whatever the price level.
        meanQuantityUnits = max(1, 2_000 / startPrice * pow(10, Double(format.quantityDecimals)))
    }

    /// The id the next trade will carry.
    var upcomingID: Int64 { nextID }

    mutating func next(timeMs: Int64) -> MockTrade {
        // A step of about 2 basis points, never below one tick.
        let step = Double(priceUnits) * 0.0002 * random.nextGaussian()
        priceUnits = max(1, priceUnits + Int64(step.rounded()))
        let quantity = max(1, Int64((-log(1 - random.nextUnit()) * meanQuantityUnits).rounded()))
        let normalQuantity = random.nextUnit() < 0.1 ? max(1, quantity * 3 / 4) : quantity
        let fills = Int64(random.next() % 4)
        let trade = MockTrade(
            id: nextID,
            priceUnits: priceUnits,
            quantityUnits: quantity,
            normalQuantityUnits: min(quantity, normalQuantity),
            firstTradeID: nextTradeID,
            lastTradeID: nextTradeID + fills,
            timeMs: timeMs,
            eventTimeMs: timeMs + 1 + Int64(random.next() % 5),
            buyerIsMaker: random.next() & 1 == 0
        )
        nextID += 1
        nextTradeID += fills + 1 + (random.nextUnit() < 0.02 ? 1 + Int64(random.next() % 3) : 0)
        return trade
    }
}
