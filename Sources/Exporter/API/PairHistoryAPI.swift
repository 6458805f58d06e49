// SPDX-License-Identifier: Apache-2.0
import Hummingbird
import MarketData
import PairStats
import Pipeline
import Storage

/// `GET /api/v1/pairs/{a}/{b}/{timeframe}/history?from=&to=&limit=`: the pair's statistics after each stored bar
/// whose window is full, computed by the monitor's engine with the pair's settings over the same aligned closes
/// `pairwatch analyze --storage.path … --rolling` reads, so the numbers are the same. `from` and `to` bound each row's
/// `time`, the end of its latest bar; `next` links to the following page.
struct PairHistoryAPI {
    static let pattern = "/api/v1/pairs/:a/:b/:timeframe/history"
    static let defaultLimit = 1_000
    static let maximumLimit = 10_000

    let board: PairBoard
    let database: TradeDatabase

    func respond(_ request: Request) async throws -> Response {
        let settings = try entry(request.uri.path).settings
        let query = APIQuery(request)
        let limit = try query.limit(default: Self.defaultLimit, maximum: Self.maximumLimit)
        let from = try query.time("from") ?? 0
        let to = try query.time("to") ?? .max
        guard to > from else { throw APIError.emptyRange(from: from, to: to) }
        let database = database
        let page = try await blocking { try Self.page(settings, database: database, fromMs: from, toMs: to, limit: limit) }
        var json = JSONWriter(capacity: 600 * page.rows.count + 256)
        json.beginObject()
        PairsAPI.writeSettings(settings, legs: false, to: &json)
        json.key("data")
        json.beginArray()
        for row in page.rows { row.write(to: &json) }
        json.endArray()
        json.key("next")
        json.string(page.nextFromMs.map { Self.link(settings.series, query, from: $0) })
        json.endObject()
        return APIJSON.response(json.buffer)
    }

    /// The board entry the path names: 404 for a pair or timeframe that is not monitored.
    private func entry(_ path: String) throws(APIError) -> PairBoardEntry {
        let parts = path.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        // "", "api", "v1", "pairs", a, b, timeframe, "history"
        guard parts.count == 8 else { throw APIError(.notFound, "no such path \(path)") }
        let (a, b, timeframe) = (parts[4], parts[5], parts[6])
        let entries = board.entries.filter { $0.series.a == a && $0.series.b == b }
        guard !entries.isEmpty else { throw .notFound("pair", "\(a)/\(b)") }
        guard let entry = entries.first(where: { $0.series.timeframe.name == timeframe }) else {
            let known = entries.map(\.series.timeframe.name).joined(separator: ", ")
            throw APIError(
                .notFound, "timeframe \(timeframe) is not monitored for \(a)/\(b) (monitored: \(known))",
                detail: ["pair": .string("\(a)/\(b)"), "timeframe": .string(timeframe)])
        }
        return entry
    }

    struct Page {
        var rows: [PairStatisticsJSON]
        var nextFromMs: Int64?
    }

    /// Rows whose bar ends in `[fromMs, toMs)` and whose window is full: the window's `window − 1` earlier aligned
    /// intervals go into the engine first, then each interval of the page is added and its statistics computed.
    static func page(_ settings: PairSeriesSettings, database: TradeDatabase, fromMs: Int64, toMs: Int64, limit: Int) throws -> Page {
        let (series, configuration) = (settings.series, settings.configuration)
        let length = series.timeframe.milliseconds
        let (startFrom, startTo) = (fromMs == 0 ? 0 : fromMs - length, toMs == .max ? .max : toMs - length)
        var engine = PairEngine(configuration: configuration)
        let earlier = try warmUp(series, database: database, count: configuration.window - 1, beforeMs: startFrom)
        for closes in earlier { try engine.append(a: closes.a, b: closes.b) }
        // At the start of the stored history the window fills inside the range: those intervals fill it without
        // taking a row of the page, so every page but the last holds `limit` rows.
        let filling = configuration.window - 1 - earlier.count
        let (intervals, resumeStartMs) = try intervals(series, database: database, fromMs: startFrom, toMs: startTo, limit: filling + limit + 1)
        for closes in intervals.prefix(filling) { try engine.append(a: closes.a, b: closes.b) }
        let page = intervals.dropFirst(filling)
        var rows: [PairStatisticsJSON] = []
        for closes in page.prefix(limit) {
            let snapshot = try engine.update(a: closes.a, b: closes.b)
            rows.append(PairStatisticsJSON(snapshot, barEndMs: closes.startMs + length, barSeconds: Double(length) / 1_000))
        }
        let next = page.count > limit ? page[page.startIndex + limit].startMs : resumeStartMs
        return Page(rows: rows, nextFromMs: next.map { $0 + length })
    }

    /// The `count` latest aligned intervals before `beforeMs`. Reads more when intervals present in one leg only
    /// left fewer than `count` after alignment.
    static func warmUp(_ series: PairSeries, database: TradeDatabase, count: Int, beforeMs: Int64) throws -> [PairCloses] {
        guard count > 0, beforeMs > 0 else { return [] }
        var reading = count
        while true {
            let a = try database.closes(symbol: series.a, timeframe: series.timeframe, count: reading, beforeMs: beforeMs)
            let b = try database.closes(symbol: series.b, timeframe: series.timeframe, count: reading, beforeMs: beforeMs)
            let aligned = PairMonitor.align(a, b)
            if aligned.count >= count || a.count < reading || b.count < reading { return Array(aligned.suffix(count)) }
            reading *= 2
        }
    }

    /// Aligned intervals starting in `[fromMs, toMs)`, at most `limit` read per leg, and where to resume when a leg
    /// had more than was read (its later intervals have no partner read yet), nil when both were read to the end.
    static func intervals(
        _ series: PairSeries, database: TradeDatabase, fromMs: Int64, toMs: Int64, limit: Int
    ) throws -> ([PairCloses], resumeStartMs: Int64?) {
        let a = try database.closes(symbol: series.a, timeframe: series.timeframe, fromMs: fromMs, toMs: toMs, limit: limit)
        let b = try database.closes(symbol: series.b, timeframe: series.timeframe, fromMs: fromMs, toMs: toMs, limit: limit)
        let aligned = PairMonitor.align(a, b)
        guard a.count == limit || b.count == limit else { return (aligned, nil) }
        let horizon = min(a.count == limit ? a[limit - 1].startMs : .max, b.count == limit ? b[limit - 1].startMs : .max)
        return (aligned.filter { $0.startMs <= horizon }, horizon + 1)
    }

    static func link(_ series: PairSeries, _ query: APIQuery, from: Int64) -> String {
        var items = ["from=\(from)"]
        for name in ["to", "limit"] { if let value = query[name] { items.append("\(name)=\(APIQuery.escape(value))") } }
        return "/api/v1/pairs/\(series.a)/\(series.b)/\(series.timeframe.name)/history?" + items.joined(separator: "&")
    }
}
