// SPDX-License-Identifier: Apache-2.0
import Hummingbird
import MarketData
import Storage

/// `GET /api/v1/bars?symbol=&timeframe=&from=&to=&limit=`: stored bars of one symbol, oldest first, `time` being the
/// start of each bar's interval. Pages hold at most `limit` bars; `next` is the link to the following page.
struct BarsAPI {
    static let path = "/api/v1/bars"
    static let defaultLimit = 1_000
    static let maximumLimit = 10_000

    let database: TradeDatabase
    let configuration: RunningConfiguration

    struct Body: Encodable {
        var symbol: String
        var timeframe: String
        var data: [BarJSON]
        /// Written as `null` on the last page rather than left out.
        var next: String?

        enum CodingKeys: String, CodingKey { case symbol, timeframe, data, next }

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(symbol, forKey: .symbol)
            try container.encode(timeframe, forKey: .timeframe)
            try container.encode(data, forKey: .data)
            try container.encode(next, forKey: .next)
        }
    }

    struct BarJSON: Encodable {
        var time: String
        var timeMs: Int64
        var open, high, low, close, volume: Double
        var trades: Int

        enum CodingKeys: String, CodingKey {
            case time, timeMs = "time_ms", open, high, low, close, volume, trades
        }
    }

    func respond(_ request: Request) async throws -> Response {
        let query = APIQuery(request)
        let summary = configuration.summary
        let symbol = try query.required("symbol", expected: "a configured symbol such as \(summary.symbols.first ?? "BTCUSDT")")
        guard summary.symbols.contains(symbol) else { throw APIError.notFound("symbol", symbol) }
        let timeframe = try query.timeframe(among: summary.timeframes)
        let limit = try query.limit(default: Self.defaultLimit, maximum: Self.maximumLimit)
        let from = try query.time("from") ?? 0
        let to = try query.time("to") ?? .max
        guard to > from else { throw APIError.emptyRange(from: from, to: to) }
        let database = database
        // One more than a page tells whether there is a next one.
        let bars = try await blocking { try database.bars(symbol: symbol, timeframe: timeframe, fromMs: from, toMs: to, limit: limit + 1) }
        let next = bars.count > limit ? Self.link(query, from: bars[limit].startMs) : nil
        let data = bars.prefix(limit).map { bar in
            BarJSON(
                time: APIJSON.timestamp(bar.startMs), timeMs: bar.startMs, open: bar.open, high: bar.high, low: bar.low, close: bar.close,
                volume: bar.volume, trades: bar.trades)
        }
        return APIJSON.response(Body(symbol: symbol, timeframe: timeframe.name, data: Array(data), next: next))
    }

    /// The same query with `from` moved to the first bar of the next page.
    static func link(_ query: APIQuery, from: Int64) -> String {
        var items = ["from=\(from)"]
        for name in ["symbol", "timeframe", "to", "limit"] { if let value = query[name] { items.append("\(name)=\(APIQuery.escape(value))") } }
        return path + "?" + items.joined(separator: "&")
    }
}
