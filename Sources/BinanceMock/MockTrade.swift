// SPDX-License-Identifier: Apache-2.0
import MarketData

/// One generated aggregate trade, kept in the mock's history and rendered as Binance renders it.
///
/// Prices and quantities are held as integer units of their last decimal, so they print exactly, with the
/// trailing zeros Binance keeps (`"68005.00"`).
public struct MockTrade: Sendable, Hashable {
    public var id: Int64
    public var priceUnits: Int64
    public var quantityUnits: Int64
    /// `nq`: the quantity without retail-price-improvement fills, never above `quantityUnits`.
    public var normalQuantityUnits: Int64
    public var firstTradeID: Int64
    public var lastTradeID: Int64
    /// `T`, the generation wall time in milliseconds; several trades may share one.
    public var timeMs: Int64
    /// `E`, a few milliseconds after `T`.
    public var eventTimeMs: Int64
    public var buyerIsMaker: Bool
}

/// How a symbol's numbers print: the decimals of its prices and quantities.
struct SymbolFormat: Sendable, Hashable {
    var symbol: String
    var priceDecimals: Int
    var quantityDecimals: Int

    /// Decimals by price level, as Binance's tick sizes roughly go: cheap symbols carry up to 7 decimals.
    init(symbol: String, startPrice: Double) {
        self.symbol = symbol
        switch startPrice {
        case 1_000...: (priceDecimals, quantityDecimals) = (2, 3)
        case 10...: (priceDecimals, quantityDecimals) = (3, 2)
        case 1...: (priceDecimals, quantityDecimals) = (4, 1)
        default: (priceDecimals, quantityDecimals) = (7, 0)
        }
    }

    var streamName: String { symbol.lowercased() + "@aggTrade" }

    func price(_ trade: MockTrade) -> String { fixedPoint(trade.priceUnits, decimals: priceDecimals) }
    func quantity(_ units: Int64) -> String { fixedPoint(units, decimals: quantityDecimals) }

    /// The trade as pairwatch's `Trade`, priced from the text the mock prints.
    func trade(_ trade: MockTrade) -> Trade {
        Trade(
            symbol: symbol, tradeID: trade.id, timeMs: trade.timeMs, price: Double(price(trade)) ?? 0,
            quantity: Double(quantity(trade.quantityUnits)) ?? 0, buyerIsMaker: trade.buyerIsMaker
        )
    }

    /// The WebSocket event: `{"e":"aggTrade","E":…,"a":…,"s":"BTCUSDT",…,"st":1}`.
    func event(_ trade: MockTrade) -> String {
        "{\"e\":\"aggTrade\",\"E\":\(trade.eventTimeMs),\"a\":\(trade.id),\"s\":\"\(symbol)\",\"p\":\"\(price(trade))\","
            + "\"q\":\"\(quantity(trade.quantityUnits))\",\"nq\":\"\(quantity(trade.normalQuantityUnits))\","
            + "\"f\":\(trade.firstTradeID),\"l\":\(trade.lastTradeID),\"T\":\(trade.timeMs),\"m\":\(trade.buyerIsMaker),\"st\":1}"
    }

    /// The combined-stream frame wrapping `event(_:)`.
    func combinedEvent(_ trade: MockTrade) -> String {
        "{\"stream\":\"\(streamName)\",\"data\":\(event(trade))}"
    }

    /// One item of the REST `aggTrades` array: `{"a":…,"p":…,"q":…,"nq":…,"f":…,"l":…,"T":…,"m":…}`.
    func restItem(_ trade: MockTrade) -> String {
        "{\"a\":\(trade.id),\"p\":\"\(price(trade))\",\"q\":\"\(quantity(trade.quantityUnits))\","
            + "\"nq\":\"\(quantity(trade.normalQuantityUnits))\",\"f\":\(trade.firstTradeID),\"l\":\(trade.lastTradeID),"
            + "\"T\":\(trade.timeMs),\"m\":\(trade.buyerIsMaker)}"
    }
}

/// `units` with a decimal point `decimals` digits from the right: `fixedPoint(6800500, decimals: 2)` is
/// `"68005.00"`.
func fixedPoint(_ units: Int64, decimals: Int) -> String {
    guard decimals > 0 else { return String(units) }
    var scale: Int64 = 1
    for _ in 0..<decimals { scale *= 10 }
    let whole = units / scale
    let fraction = String(units % scale)
    return "\(whole)." + String(repeating: "0", count: decimals - fraction.count) + fraction
}
