// SPDX-License-Identifier: Apache-2.0
import Hummingbird
import MarketData
import NIOCore
import PairStats
import Pipeline

/// `GET /api/v1/pairs`: every monitored pair × timeframe with its settings and latest statistics, read from the
/// monitor's board (no database, no lock). A series with no reading yet (its legs have no common bar) has
/// `statistics: null`. Optional `pair=A/B` and `timeframe=` narrow the list; `limit` and `cursor` page through it.
struct PairsAPI {
    static let path = "/api/v1/pairs"
    static let maximumLimit = 10_000

    let board: PairBoard
    /// Each series' JSON object, written once per reading.
    let cache = ReadingFragments<ByteBuffer> { entry, reading, _ in
        var json = JSONWriter(capacity: 640)
        PairsAPI.write(entry, reading: reading, to: &json)
        return json.buffer
    }

    func respond(_ request: Request) throws(APIError) -> Response {
        let query = APIQuery(request)
        let limit = try query.limit(default: Self.maximumLimit, maximum: Self.maximumLimit)
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
        let offset = try Self.cursor(query).map { cursor in entries.firstIndex { !PairSeries.order($0.series, cursor) } ?? entries.count } ?? 0
        let page = entries.dropFirst(offset).prefix(limit)
        let end = offset + page.count
        var next: String?
        if end < entries.count {
            let series = entries[end].series
            var items = ["cursor=\(APIQuery.escape("\(series.pair)/\(series.timeframe.name)"))", "limit=\(limit)"]
            for name in ["pair", "timeframe"] { if let value = query[name] { items.append("\(name)=\(APIQuery.escape(value))") } }
            next = Self.path + "?" + items.sorted().joined(separator: "&")
        }
        // About 570 bytes a series with every statistic.
        var json = JSONWriter(capacity: 600 * page.count + 256)
        json.beginObject()
        json.key("data")
        json.beginArray()
        for fragment in cache.fragments(page, board: all.count) { json.raw(fragment) }
        json.endArray()
        json.key("next")
        json.string(next)
        json.endObject()
        return APIJSON.response(json.buffer)
    }

    static func write(_ entry: PairBoardEntry, reading: PairReading?, to json: inout JSONWriter) {
        let series = entry.series
        json.beginObject()
        writeSettings(entry.settings, legs: true, to: &json)
        json.key("statistics")
        if let reading {
            PairStatisticsJSON(reading.snapshot, barEndMs: reading.lastBarEndMs, barSeconds: Double(series.timeframe.milliseconds) / 1_000)
                .write(to: &json)
        } else {
            json.null()
        }
        json.endObject()
    }

    /// The members that describe a series and its settings: `pair`, optionally `a` and `b`, `timeframe`, `method`,
    /// `window` and `zscore_window`.
    static func writeSettings(_ settings: PairSeriesSettings, legs: Bool, to json: inout JSONWriter) {
        let (series, configuration) = (settings.series, settings.configuration)
        json.key("pair")
        json.string(series.pair)
        if legs {
            json.key("a")
            json.string(series.a)
            json.key("b")
            json.string(series.b)
        }
        json.key("timeframe")
        json.string(series.timeframe.name)
        json.key("method")
        json.string(configuration.method.rawValue)
        json.key("window")
        json.number(configuration.window)
        json.key("zscore_window")
        json.number(configuration.zscoreWindow)
    }

    /// The cursor names the first series of the page (`A/B/1m`), so a reload that adds or removes pairs between two
    /// pages neither repeats nor skips a series that stays.
    private static func cursor(_ query: APIQuery) throws(APIError) -> PairSeries? {
        guard let text = query["cursor"] else { return nil }
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 3, !parts[0].isEmpty, !parts[1].isEmpty, let timeframe = Timeframe(String(parts[2])) else {
            throw .badParameter("cursor", expected: "the cursor a previous page's next link gave (A/B/timeframe)", found: text)
        }
        return PairSeries(a: String(parts[0]), b: String(parts[1]), timeframe: timeframe)
    }
}
