// SPDX-License-Identifier: Apache-2.0

/// Decodes Binance USD-M futures WebSocket frames and REST `aggTrades` bodies straight from their bytes.
///
/// Hand-written rather than `JSONDecoder`: the live feed decodes every frame on one task, and a byte scanner that
/// allocates nothing for an ordinary trade frame keeps that cheap. Frames are raw inner objects or combined-stream
/// wrappers (`{"stream":..,"data":{..}}`); keys may come in any order, unknown keys (nested values included) are
/// skipped, ids and times may be numbers or strings of digits, and prices are parsed exactly as the CSV import
/// parses the same text.
public enum BinanceDecoder {
    public static func decode(_ frame: UnsafeRawBufferPointer) throws(BinanceDecodeError) -> BinanceMessage {
        var scanner = JSONScanner(frame)
        var fields = BinanceFields()
        try fields.read(&scanner, nested: false)
        try scanner.expectEnd()
        return try message(fields, scanner)
    }

    public static func decode(_ frame: String) throws(BinanceDecodeError) -> BinanceMessage {
        var text = frame
        let result = text.withUTF8 { bytes in Result { () throws(BinanceDecodeError) in try decode(UnsafeRawBufferPointer(bytes)) } }
        return try result.get()
    }

    /// Body of `GET /fapi/v1/aggTrades`: a JSON array of `{a,p,q,nq,f,l,T,m}`; `symbol` names the trades.
    public static func decodeAggTrades(_ body: UnsafeRawBufferPointer, symbol: String) throws(BinanceDecodeError) -> [Trade] {
        var scanner = JSONScanner(body)
        try scanner.expect(UInt8(ascii: "["), "'[' opening the array of trades")
        var trades: [Trade] = []
        if !scanner.consume(UInt8(ascii: "]")) {
            repeat {
                var fields = BinanceFields()
                try fields.read(&scanner, nested: true)
                let id = try required(fields.aggregateID, "a", fields, "aggregate trade")
                trades.append(try trade(fields, scanner, id: id, symbol: symbol, kind: "aggregate trade"))
            } while scanner.consume(UInt8(ascii: ","))
            try scanner.expect(UInt8(ascii: "]"), "',' or ']'")
        }
        try scanner.expectEnd()
        return trades
    }

    private static func message(_ fields: BinanceFields, _ scanner: JSONScanner) throws(BinanceDecodeError) -> BinanceMessage {
        if let event = fields.event { return try eventMessage(event, fields, scanner) }
        if fields.hasErrorObject || fields.code != nil {
            let code = try required(fields.code, "code", fields, "error")
            let message = fields.message.map { string($0, scanner) } ?? ""
            return .error(code: code, message: message, id: fields.id)
        }
        if fields.hasResult { return .reply(id: try required(fields.id, "id", fields, "reply")) }
        throw BinanceDecodeError(
            offset: fields.start, message: "expected a trade event, a reply or an error, found an object without \"e\", \"result\" or \"code\"")
    }

    private static func eventMessage(_ event: BinanceFields.Event, _ fields: BinanceFields, _ scanner: JSONScanner) throws(BinanceDecodeError)
        -> BinanceMessage
    {
        let id: Int64
        switch event {
        case .aggregateTrade:
            id = try required(fields.aggregateID, "a", fields, "aggTrade")
        case .trade:
            if fields.notPriced { return .skippedTrade }
            id = try required(fields.tradeID, "t", fields, "trade")
        }
        let kind = event == .trade ? "trade" : "aggTrade"
        let eventTime = try required(fields.eventTime, "E", fields, kind)
        let symbolText = try required(fields.symbol, "s", fields, kind)
        guard !symbolText.range.isEmpty else { throw scanner.invalid(symbolText.range, "a symbol for \"s\"") }
        let symbol = symbolText.escaped ? string(symbolText, scanner) : SymbolTable.string(scanner.slice(symbolText.range))
        return .trade(try trade(fields, scanner, id: id, symbol: symbol, kind: kind), eventTimeMs: eventTime)
    }

    private static func trade(_ fields: BinanceFields, _ scanner: JSONScanner, id: Int64, symbol: String, kind: String) throws(BinanceDecodeError)
        -> Trade
    {
        let priceText = try required(fields.price, "p", fields, kind)
        let quantityText = try required(fields.quantity, "q", fields, kind)
        let time = try required(fields.tradeTime, "T", fields, kind)
        let maker = try required(fields.buyerIsMaker, "m", fields, kind)
        let price = try scanner.decimal(priceText, "a price above 0 for \"p\"")
        guard price > 0 else { throw scanner.invalid(priceText, "a price above 0 for \"p\"") }
        let quantity = try scanner.decimal(quantityText, "a quantity of 0 or more for \"q\"")
        guard quantity >= 0 else { throw scanner.invalid(quantityText, "a quantity of 0 or more for \"q\"") }
        return Trade(symbol: symbol, tradeID: id, timeMs: time, price: price, quantity: quantity, buyerIsMaker: maker)
    }

    private static func required<T>(_ value: T?, _ key: StaticString, _ fields: BinanceFields, _ kind: String) throws(BinanceDecodeError) -> T {
        guard let value else { throw BinanceDecodeError(offset: fields.start, message: "expected \"\(key)\" in the \(kind) object, found none") }
        return value
    }

    private static func string(_ text: (range: Range<Int>, escaped: Bool), _ scanner: JSONScanner) -> String {
        let bytes = scanner.slice(text.range)
        return text.escaped ? JSONString.decode(bytes) : String(decoding: bytes, as: UTF8.self)
    }
}
