// SPDX-License-Identifier: Apache-2.0
import Hummingbird
import PairStats
import Pipeline

/// `GET /api/v1/pairs`: every monitored pair × timeframe with its settings and latest statistics, read from the
/// monitor's board (no database, no lock). A series with no reading yet (its legs have no common bar) has
/// `statistics: null`. Optional `pair=A/B` and `timeframe=` narrow the list; `limit` and `cursor` page through it.
struct PairsAPI {
    static let path = "/api/v1/pairs"
    static let maximumLimit = 10_000

    let board: PairBoard
    let cache = PairJSONCache()

    func respond(_ request: Request) throws(APIError) -> Response {
        let query = APIQuery(request)
        let limit = try query.limit(default: Self.maximumLimit, maximum: Self.maximumLimit)
        let offset = try Self.cursor(query)
        let all = board.entries
        var entries = all
        if let pair = query["pair"] {
            entries = entries.filter { $0.series.pair == pair }
            if entries.isEmpty { throw .notFound("pair", pair) }
        }
        if let timeframe = query["timeframe"] {
            entries = entries.filter { $0.series.timeframe.name == timeframe }
            if entries.isEmpty { throw .notFound("timeframe", timeframe) }
        }
        let page = entries.dropFirst(offset).prefix(limit)
        let end = offset + page.count
        var next: String?
        if end < entries.count {
            var items = ["cursor=\(end)", "limit=\(limit)"]
            for name in ["pair", "timeframe"] { if let value = query[name] { items.append("\(name)=\(APIQuery.escape(value))") } }
            next = Self.path + "?" + items.sorted().joined(separator: "&")
        }
        // About 570 bytes a series with every statistic.
        var json = JSONWriter(capacity: 600 * page.count + 256)
        json.beginObject()
        json.key("data")
        json.beginArray()
        for fragment in cache.json(page, board: all.count) { json.raw(fragment) }
        json.endArray()
        json.key("next")
        json.string(next)
        json.endObject()
        return APIJSON.response(json.buffer)
    }

    static func write(_ entry: PairBoardEntry, reading: PairReading?, to json: inout JSONWriter) {
        let (series, configuration) = (entry.series, entry.settings.configuration)
        json.beginObject()
        for (key, value): (StaticString, String) in [
            ("pair", series.pair), ("a", series.a), ("b", series.b), ("timeframe", series.timeframe.name), ("method", configuration.method.rawValue),
        ] {
            json.key(key)
            json.string(value)
        }
        json.key("window")
        json.number(configuration.window)
        json.key("zscore_window")
        json.number(configuration.zscoreWindow)
        json.key("statistics")
        if let reading {
            PairStatisticsJSON(reading.snapshot, barEndMs: reading.lastBarEndMs, barSeconds: Double(series.timeframe.milliseconds) / 1_000)
                .write(to: &json)
        } else {
            json.null()
        }
        json.endObject()
    }

    /// The list's cursor is the position of the first series of the page: the board's order is stable between reloads.
    private static func cursor(_ query: APIQuery) throws(APIError) -> Int {
        guard let text = query["cursor"] else { return 0 }
        guard let value = Int(text), value >= 0 else {
            throw .badParameter("cursor", expected: "the cursor a previous page gave as next", found: text)
        }
        return value
    }
}
