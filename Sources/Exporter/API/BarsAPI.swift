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
        var json = JSONWriter(capacity: 160 * min(bars.count, limit) + 256)
        json.beginObject()
        json.key("symbol")
        json.string(symbol)
        json.key("timeframe")
        json.string(timeframe.name)
        json.key("data")
        json.beginArray()
        for bar in bars.prefix(limit) { Self.write(bar, to: &json) }
        json.endArray()
        json.key("next")
        json.string(bars.count > limit ? Self.link(query, from: bars[limit].startMs) : nil)
        json.endObject()
        return APIJSON.response(json.buffer)
    }

    static func write(_ bar: Bar, to json: inout JSONWriter) {
        json.beginObject()
        json.key("time")
        json.string(APIJSON.timestamp(bar.startMs))
        json.key("time_ms")
        json.number(bar.startMs)
        for (key, value): (StaticString, Double) in [
            ("open", bar.open), ("high", bar.high), ("low", bar.low), ("close", bar.close), ("volume", bar.volume),
        ] {
            json.key(key)
            json.number(value)
        }
        json.key("trades")
        json.number(bar.trades)
        json.endObject()
    }

    /// The same query with `from` moved to the first bar of the next page.
    static func link(_ query: APIQuery, from: Int64) -> String {
        var items = ["from=\(from)"]
        for name in ["symbol", "timeframe", "to", "limit"] { if let value = query[name] { items.append("\(name)=\(APIQuery.escape(value))") } }
        return path + "?" + items.joined(separator: "&")
    }
}
