// SPDX-License-Identifier: Apache-2.0
import MarketData

/// A trade with the fields a storage test cares about; the side alternates with the id.
func trade(_ symbol: String, _ id: Int64, _ timeMs: Int64, _ price: Double = 100, _ quantity: Double = 1) -> Trade {
    Trade(symbol: symbol, tradeID: id, timeMs: timeMs, price: price, quantity: quantity, buyerIsMaker: id % 2 == 0)
}
