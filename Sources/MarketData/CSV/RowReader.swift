// SPDX-License-Identifier: Apache-2.0

/// Turns the fields of one row into a `Trade`, per format, with the error text naming what was expected.
struct RowReader {
    let parser: TradeCSVParser
    let line: Int

    func trade(_ fields: inout FieldSplitter, ordinals: inout [TradeCSVParser.SeedKey: Int64]) throws -> Trade {
        switch parser.format {
        case .aggtrades:
            // agg_trade_id,price,quantity,first_trade_id,last_trade_id,transact_time,is_buyer_maker
            let id = try field(&fields, "a trade id") { CSVField.integer($0) }
            let price = try positive(&fields)
            let quantity = try quantity(&fields)
            _ = try field(&fields, "a trade id") { CSVField.integer($0) }
            _ = try field(&fields, "a trade id") { CSVField.integer($0) }
            let time = try field(&fields, "a time in milliseconds") { CSVField.integer($0) }
            let maker = try field(&fields, "true or false") { CSVField.boolean($0) }
            return try finished(&fields, Trade(symbol: try fileSymbol(), tradeID: id, timeMs: time, price: price, quantity: quantity, buyerIsMaker: maker))
        case .trades:
            // id,price,qty,quote_qty,time,is_buyer_maker
            let id = try field(&fields, "a trade id") { CSVField.integer($0) }
            let price = try positive(&fields)
            let quantity = try quantity(&fields)
            _ = try field(&fields, "a number") { CSVField.decimal($0) }
            let time = try field(&fields, "a time in milliseconds") { CSVField.integer($0) }
            let maker = try field(&fields, "true or false") { CSVField.boolean($0) }
            return try finished(&fields, Trade(symbol: try fileSymbol(), tradeID: id, timeMs: time, price: price, quantity: quantity, buyerIsMaker: maker))
        case .seed:
            return try seedTrade(&fields, ordinals: &ordinals)
        }
    }

    private func seedTrade(_ fields: inout FieldSplitter, ordinals: inout [TradeCSVParser.SeedKey: Int64]) throws -> Trade {
        // timestamp,symbol,price,size[,is_buyer_maker]
        let time = try field(&fields, "a time in milliseconds or ISO 8601") { CSVField.timestamp($0) }
        let symbol = try field(&fields, "a symbol such as BTCUSDT") { bytes -> String? in
            let valid = !bytes.isEmpty && bytes.allSatisfy { (65...90).contains($0) || (48...57).contains($0) }
            return valid ? String(decoding: bytes, as: UTF8.self) : nil
        }
        let price = try positive(&fields)
        let quantity = try quantity(&fields)
        var maker = false
        if let raw = fields.next() {
            guard let value = CSVField.boolean(raw) else { throw unexpected(raw, "true or false", fields.column) }
            maker = value
        }
        let key = TradeCSVParser.SeedKey(symbol: symbol, timeMs: time)
        let ordinal = ordinals[key, default: 0]
        guard ordinal < 1_000 else {
            throw parser.error(line: line, column: 1, "more than 1000 trades of \(symbol) in one millisecond: their synthetic ids would collide")
        }
        ordinals[key] = ordinal + 1
        return try finished(&fields, Trade(symbol: symbol, tradeID: time * 1_000 + ordinal, timeMs: time, price: price, quantity: quantity, buyerIsMaker: maker))
    }

    private func field<T>(_ fields: inout FieldSplitter, _ expected: String, _ convert: (UnsafeRawBufferPointer) -> T?) throws -> T {
        guard let raw = fields.next() else {
            throw parser.error(line: line, column: fields.endColumn, "expected \(expected), found the end of the line")
        }
        guard let value = convert(raw) else { throw unexpected(raw, expected, fields.column) }
        return value
    }

    private func positive(_ fields: inout FieldSplitter) throws -> Double {
        try field(&fields, "a price above 0") { CSVField.decimal($0).flatMap { $0 > 0 ? $0 : nil } }
    }

    /// Real Binance files carry some zero quantities; only negative ones are wrong.
    private func quantity(_ fields: inout FieldSplitter) throws -> Double {
        try field(&fields, "a quantity of 0 or more") { CSVField.decimal($0).flatMap { $0 >= 0 ? $0 : nil } }
    }

    private func fileSymbol() throws -> String {
        guard let symbol = parser.symbolOfFile else {
            throw parser.error(line: line, column: 1, "no symbol: name it with --symbol or in the file name (BTCUSDT-aggTrades-2024-01-01.csv)")
        }
        return symbol
    }

    private func finished(_ fields: inout FieldSplitter, _ trade: Trade) throws -> Trade {
        if let extra = fields.next() {
            throw parser.error(line: line, column: fields.column, "expected the end of the line, found \"\(String(decoding: extra, as: UTF8.self))\"")
        }
        return trade
    }

    private func unexpected(_ raw: UnsafeRawBufferPointer, _ expected: String, _ column: Int) -> TradeCSVError {
        parser.error(line: line, column: column, "expected \(expected), found \"\(String(decoding: raw, as: UTF8.self))\"")
    }
}
