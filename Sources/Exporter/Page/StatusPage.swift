// SPDX-License-Identifier: Apache-2.0
import Feeds
import Hummingbird
import Mustache

/// `GET /`: the daemon's state for a person, as server-rendered HTML that needs no script: version and uptime,
/// the feed connections, the pending and firing alerts, and every pair series with its statistics and a sparkline
/// of its recent z-scores. With the stream routed, a small inline script keeps the pairs table current.
///
/// Beyond ``defaultLimit`` series, the page lists those with the largest |z| and links to all of them
/// (`?limit=all`), so a thousand pairs do not make a page a phone chokes on; `?limit=N` asks for another count.
struct StatusPage: Sendable {
    static let defaultLimit = 300
    /// The Server-Sent Events route the script subscribes to.
    static let streamPath = "/api/v1/stream"

    let buildInfo: BuildInfo
    let telemetryPath: String
    /// Whether `GET /api/v1/stream` is routed: the script is included only then, so a server without the stream
    /// never answers the page's own request with a 404.
    let streams: Bool
    private let library: MustacheLibrary

    init(buildInfo: BuildInfo, telemetryPath: String, streams: Bool = false) {
        self.buildInfo = buildInfo
        self.telemetryPath = telemetryPath
        self.streams = streams
        var library = MustacheLibrary()
        let templates = [
            ("page", StatusPageTemplate.page), ("feed", StatusPageTemplate.feed), ("alerts", StatusPageTemplate.alerts),
            ("pairs", StatusPageTemplate.pairs), ("cell", StatusPageTemplate.cell),
        ]
        for (name, text) in templates {
            // The templates are constants of this module, parsed by its tests: a failure is a programming error.
            do { try library.register(text, named: name) } catch { preconditionFailure("status page template \(name): \(error)") }
        }
        self.library = library
    }

    /// The page for `feed`'s connections (no feed section when nil) and what `sources` holds.
    func html(feed: [String: FeedStatistics.Connection]?, sources: StatusPageSources, limit: Int? = defaultLimit) async -> String {
        let nowMs = sources.nowMs()
        var alerts: StatusPageView.Alerts?
        if let listing = sources.alerts { alerts = StatusPageView.Alerts(await listing()) }
        let view = StatusPageView(
            version: buildInfo.version, revision: buildInfo.revision, swiftVersion: buildInfo.swiftVersion, telemetryPath: telemetryPath,
            uptime: sources.startedMs.map { PageFormat.uptime(seconds: (nowMs - $0) / 1_000) },
            feed: feed.map { StatusPageView.Feed($0, nowMs: nowMs) },
            alerts: alerts,
            pairs: sources.board.map { StatusPageView.Pairs($0.entries, rules: sources.rules(), limit: limit) },
            script: streams && sources.board != nil ? StatusPageScript.source : nil)
        return library.render(view, withTemplate: "page") ?? ""
    }

    /// The response to `request`: the page, or 400 for a `limit` that is neither a positive count nor `all`.
    func response(to request: Request, feed: FeedStatistics?, sources: StatusPageSources) async -> Response {
        let limit: Int?
        switch request.uri.queryParameters.get("limit") {
        case nil: limit = Self.defaultLimit
        case "all": limit = nil
        case let text?:
            guard let count = Int(text), count > 0 else {
                return textResponse(.badRequest, "limit: \"\(text)\" is neither a positive count nor \"all\"\n")
            }
            limit = count
        }
        let html = ByteBuffer(string: await html(feed: feed?.snapshot.connections, sources: sources, limit: limit))
        var headers: HTTPFields = [.contentType: "text/html; charset=utf-8", .vary: "Accept-Encoding", .cacheControl: "no-store"]
        guard ExpositionFormat.acceptsGzip(request.headers[.acceptEncoding]) else {
            return Response(status: .ok, headers: headers, body: ResponseBody(byteBuffer: html))
        }
        // A page of thousands of rows is mostly repeated markup: gzip makes it several times smaller.
        headers[.contentEncoding] = "gzip"
        return Response(status: .ok, headers: headers, body: ResponseBody { writer in
            let output = ResponseBodyOutput(writer)
            let compressor = try GzipOutput(next: output)
            try await compressor.write(html)
            try await compressor.finish()
            writer = output.writer
            try await writer.finish(nil)
        })
    }
}
