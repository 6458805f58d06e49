// SPDX-License-Identifier: Apache-2.0
import Foundation
import MarketData

/// A database path in a fresh temporary folder (the folder itself not created, so opening must create it).
func temporaryDatabasePath() -> String {
    FileManager.default.temporaryDirectory.appendingPathComponent("pairwatch-storage-\(UUID().uuidString)/sub/pairwatch.db").path
}

func trade(_ symbol: String, _ id: Int64, _ timeMs: Int64, _ price: Double = 100, _ quantity: Double = 1) -> Trade {
    Trade(symbol: symbol, tradeID: id, timeMs: timeMs, price: price, quantity: quantity, buyerIsMaker: id % 2 == 0)
}
