// SPDX-License-Identifier: Apache-2.0

/// A Binance REST error: the HTTP status and the `{"code":…,"msg":…}` body.
struct BinanceError: Error, Equatable {
    var status: Int
    var code: Int
    var message: String

    var body: String { "{\"code\":\(code),\"msg\":\"\(message)\"}" }

    static func illegal(_ parameter: String) -> BinanceError {
        BinanceError(status: 400, code: -1100, message: "Illegal characters found in parameter '\(parameter)'; legal range is '^[0-9]{1,20}$'.")
    }
}

/// The parameters of `GET /fapi/v1/aggTrades`, checked as Binance checks them.
struct AggTradesQuery: Equatable {
    enum Selection: Equatable {
        /// Trades from this id on.
        case fromID(Int64)
        /// Trades with `T` in the window, both ends included.
        case window(startMs: Int64, endMs: Int64)
        /// The newest trades.
        case latest
    }

    static let defaultLimit = 500
    static let maxLimit = 1_000
    static let maxWindowMs: Int64 = 3_600_000

    var symbol: String
    var limit: Int
    var selection: Selection

    /// Reads the query; `parameter` returns a query parameter's value.
    static func parse(symbols: [String], parameter: (String) -> String?) -> Result<AggTradesQuery, BinanceError> {
        Result { () throws(BinanceError) -> AggTradesQuery in
            guard let symbol = parameter("symbol"), !symbol.isEmpty else {
                throw BinanceError(status: 400, code: -1102, message: "Mandatory parameter 'symbol' was not sent, was empty/null, or malformed.")
            }
            guard symbols.contains(symbol) else { throw BinanceError(status: 400, code: -1121, message: "Invalid symbol.") }
            let limit = try number("limit", parameter).map(Int.init) ?? defaultLimit
            guard (1...maxLimit).contains(limit) else {
                throw BinanceError(status: 400, code: -1130, message: "Data sent for parameter 'limit' is not valid.")
            }
            return AggTradesQuery(symbol: symbol, limit: limit, selection: try selection(parameter))
        }
    }

    private static func selection(_ parameter: (String) -> String?) throws(BinanceError) -> Selection {
        let fromID = try number("fromId", parameter)
        let start = try number("startTime", parameter)
        let end = try number("endTime", parameter)
        if let fromID {
            guard start == nil, end == nil else {
                throw BinanceError(status: 400, code: -1128, message: "Combination of optional parameters invalid.")
            }
            return .fromID(fromID)
        }
        switch (start, end) {
        case (nil, nil):
            return .latest
        case (let start?, nil):
            return .window(startMs: start, endMs: start + maxWindowMs - 1)
        case (nil, let end?):
            return .window(startMs: end - maxWindowMs + 1, endMs: end)
        case (let start?, let end?):
            guard start <= end else {
                throw BinanceError(status: 400, code: -1128, message: "Combination of optional parameters invalid.")
            }
            guard end - start < maxWindowMs else {
                throw BinanceError(status: 400, code: -1127, message: "More than 1 hours between startTime and endTime.")
            }
            return .window(startMs: start, endMs: end)
        }
    }

    private static func number(_ name: String, _ parameter: (String) -> String?) throws(BinanceError) -> Int64? {
        guard let text = parameter(name) else { return nil }
        guard (1...20).contains(text.count), text.allSatisfy(\.isASCIIDigit), let value = Int64(text) else { throw BinanceError.illegal(name) }
        return value
    }
}

extension Character {
    fileprivate var isASCIIDigit: Bool { isASCII && isNumber }
}
