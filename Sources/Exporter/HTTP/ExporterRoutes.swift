// SPDX-License-Identifier: Apache-2.0
import Hummingbird

/// The HTTP surface of the exporter: the telemetry path, the Prometheus-style health endpoints and a landing
/// page, mounted on a Hummingbird router.
public struct ExporterRoutes: Sendable {
    public var registry: MetricsRegistry
    public var readiness: Readiness
    public var buildInfo: BuildInfo
    public var telemetryPath: String

    public init(registry: MetricsRegistry, readiness: Readiness, buildInfo: BuildInfo, telemetryPath: String = "/metrics") {
        self.registry = registry
        self.readiness = readiness
        self.buildInfo = buildInfo
        self.telemetryPath = telemetryPath
    }

    public func add<Context: RequestContext>(to router: Router<Context>) {
        let registry = registry
        let readiness = readiness
        router.get(RouterPath(telemetryPath)) { _, _ in
            textResponse(.ok, registry.render(), contentType: PrometheusText.contentType)
        }
        router.get("/-/healthy") { _, _ in
            textResponse(.ok, "OK\n")
        }
        router.get("/-/ready") { _, _ in
            if let reason = readiness.notReadyReason {
                return textResponse(.serviceUnavailable, "Service Unavailable: \(reason)\n")
            }
            return textResponse(.ok, "OK\n")
        }
        let page = LandingPage(buildInfo: buildInfo, telemetryPath: telemetryPath).html
        router.get("/") { _, _ in
            textResponse(.ok, page, contentType: "text/html; charset=utf-8")
        }
    }
}

private func textResponse(_ status: HTTPResponse.Status, _ body: String, contentType: String = "text/plain; charset=utf-8") -> Response {
    Response(status: status, headers: [.contentType: contentType], body: ResponseBody(byteBuffer: ByteBuffer(string: body)))
}
