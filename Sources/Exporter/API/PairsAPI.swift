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

    struct Body: Encodable {
        var data: [Series]
        /// Written as `null` on the last page rather than left out.
        var next: String?

        enum CodingKeys: String, CodingKey { case data, next }

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(data, forKey: .data)
            try container.encode(next, forKey: .next)
        }
    }

    struct Series: Encodable {
        var pair, a, b, timeframe, method: String
        var window, zscoreWindow: Int
        var statistics: PairStatisticsJSON?

        enum CodingKeys: String, CodingKey {
            case pair, a, b, timeframe, method, window, zscoreWindow = "zscore_window", statistics
        }

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(pair, forKey: .pair)
            try container.encode(a, forKey: .a)
            try container.encode(b, forKey: .b)
            try container.encode(timeframe, forKey: .timeframe)
            try container.encode(method, forKey: .method)
            try container.encode(window, forKey: .window)
            try container.encode(zscoreWindow, forKey: .zscoreWindow)
            try container.encode(statistics, forKey: .statistics)
        }
    }

    func respond(_ request: Request) throws(APIError) -> Response {
        let query = APIQuery(request)
        let limit = try query.limit(default: Self.maximumLimit, maximum: Self.maximumLimit)
        let offset = try Self.cursor(query)
        var entries = board.entries
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
        return APIJSON.response(Body(data: page.map(Self.series), next: next))
    }

    static func series(_ entry: PairBoardEntry) -> Series {
        let (series, configuration) = (entry.series, entry.settings.configuration)
        let statistics = entry.reading.map {
            PairStatisticsJSON($0.snapshot, barEndMs: $0.lastBarEndMs, barSeconds: Double(series.timeframe.milliseconds) / 1_000)
        }
        return Series(
            pair: series.pair, a: series.a, b: series.b, timeframe: series.timeframe.name, method: configuration.method.rawValue,
            window: configuration.window, zscoreWindow: configuration.zscoreWindow, statistics: statistics)
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
