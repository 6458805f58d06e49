// SPDX-License-Identifier: Apache-2.0
import Feeds
import Hummingbird

/// The HTTP surface of the exporter: the telemetry path, the Prometheus-style health endpoints and a status
/// page, as a `RouteTable` mounted on a Hummingbird router. Other parts of the daemon add their endpoints
/// (a lifecycle `POST /-/reload`) with `on(_:method:_:)` and get the same 405 and HEAD handling.
public struct ExporterRoutes: Sendable {
    public var registry: MetricsRegistry
    public var readiness: Readiness
    public var buildInfo: BuildInfo
    public var telemetryPath: String
    /// The running feed's state, which the status page puts in words; nil shows none.
    public var feed: FeedStatistics?
    /// What the status page at `/` shows beside the feed.
    public var status = StatusPageSources()
    private var extra = RouteTable()

    public init(
        registry: MetricsRegistry, readiness: Readiness, buildInfo: BuildInfo, telemetryPath: String = "/metrics", feed: FeedStatistics? = nil
    ) {
        self.registry = registry
        self.readiness = readiness
        self.buildInfo = buildInfo
        self.telemetryPath = telemetryPath
        self.feed = feed
    }

    /// Adds an endpoint beside the built-in ones.
    public mutating func on(_ path: String, method: HTTPRequest.Method, _ handler: @escaping RouteTable.Handler) {
        extra.on(path, method: method, handler)
    }

    public var table: RouteTable {
        let registry = registry
        let readiness = readiness
        var table = RouteTable()
        table.on(telemetryPath, method: .get) { request in MetricsResponse.make(registry: registry, request: request) }
        table.on("/-/healthy", method: .get) { _ in textResponse(.ok, "OK\n") }
        table.on("/-/ready", method: .get) { _ in
            if let reason = readiness.notReadyReason {
                return textResponse(.serviceUnavailable, "Service Unavailable: \(reason)\n")
            }
            return textResponse(.ok, "OK\n")
        }
        let page = StatusPage(
            buildInfo: buildInfo, telemetryPath: telemetryPath, streams: extra.routes.contains { $0.path == StatusPage.streamPath })
        table.on("/", method: .get) { [feed, status] request in await page.response(to: request, feed: feed, sources: status) }
        for route in extra.routes {
            for (method, handler) in route.methods { table.on(route.path, method: method, handler) }
        }
        return table
    }

    public func add<Context: RequestContext>(to router: Router<Context>) {
        table.install(on: router)
    }
}

func textResponse(_ status: HTTPResponse.Status, _ body: String, contentType: String = "text/plain; charset=utf-8") -> Response {
    Response(status: status, headers: [.contentType: contentType], body: ResponseBody(byteBuffer: ByteBuffer(string: body)))
}
