// SPDX-License-Identifier: Apache-2.0

/// One trade of one symbol, as every source (live feed, replay, simulator, CSV import) delivers it.
///
/// `tradeID` increases per symbol and, with `symbol`, identifies the trade: storage de-duplicates on the pair.
/// Binance aggregate trades use the aggregate id `a`; sources without an exchange id derive one
/// deterministically so that the same input always yields the same id.
public struct Trade: Sendable, Hashable {
    public var symbol: String
    public var tradeID: Int64
    /// Event (trade) time in milliseconds since the Unix epoch, UTC.
    public var timeMs: Int64
    public var price: Double
    public var quantity: Double
    public var buyerIsMaker: Bool

    public init(symbol: String, tradeID: Int64, timeMs: Int64, price: Double, quantity: Double, buyerIsMaker: Bool) {
        self.symbol = symbol
        self.tradeID = tradeID
        self.timeMs = timeMs
        self.price = price
        self.quantity = quantity
        self.buyerIsMaker = buyerIsMaker
    }
}
