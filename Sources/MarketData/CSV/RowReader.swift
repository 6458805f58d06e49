// SPDX-License-Identifier: Apache-2.0

/// Turns the fields of one row into a `Trade`, per format, with the error text naming what was expected.
struct RowReader {
    let context: TradeCSVParser.Context
    let line: Int

    func trade(_ fields: inout FieldSplitter, seedIDs: inout SeedTradeIDs) throws -> Trade {
        switch context.format {
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
            return try seedTrade(&fields, seedIDs: &seedIDs)
        }
    }

    private func seedTrade(_ fields: inout FieldSplitter, seedIDs: inout SeedTradeIDs) throws -> Trade {
        // timestamp,symbol,price,size[,is_buyer_maker]
        let time = try field(&fields, "a time in milliseconds or ISO 8601") { CSVField.timestamp($0) }
        let timeColumn = fields.column
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
        var trade = try finished(&fields, Trade(symbol: symbol, tradeID: 0, timeMs: time, price: price, quantity: quantity, buyerIsMaker: maker))
        switch seedIDs.next(symbol: symbol, timeMs: time) {
        case .success(let id):
            trade.tradeID = id
            return trade
        case .failure(.crowded):
            throw error(timeColumn, "more than 1000 trades of \(symbol) in one millisecond: their synthetic ids would collide")
        case .failure(.forgotten(let beforeMs)):
            throw error(timeColumn, "expected a time at or after \(beforeMs) ms (one minute before the latest row of this large file), found \"\(time)\"")
        }
    }

    private func field<T>(_ fields: inout FieldSplitter, _ expected: String, _ convert: (UnsafeRawBufferPointer) -> T?) throws -> T {
        guard let raw = fields.next() else {
            throw error(fields.endColumn, "expected \(expected), found the end of the line")
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
        guard let symbol = context.symbol else {
            throw error(1, "no symbol: name it with --symbol or in the file name (BTCUSDT-aggTrades-2024-01-01.csv)")
        }
        return symbol
    }

    private func finished(_ fields: inout FieldSplitter, _ trade: Trade) throws -> Trade {
        if let extra = fields.next() {
            throw error(fields.column, "expected the end of the line, found \"\(String(decoding: extra, as: UTF8.self))\"")
        }
        return trade
    }

    private func error(_ column: Int, _ message: String) -> TradeCSVError {
        TradeCSVError(file: context.file, line: line, column: column, message: message)
    }

    private func unexpected(_ raw: UnsafeRawBufferPointer, _ expected: String, _ column: Int) -> TradeCSVError {
        error(column, "expected \(expected), found \"\(String(decoding: raw, as: UTF8.self))\"")
    }
}
