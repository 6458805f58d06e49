// SPDX-License-Identifier: Apache-2.0
import Hummingbird
import HummingbirdTesting
import Testing

@testable import Exporter

private func makeApplication(
    readiness: Readiness = Readiness(), telemetryPath: String = "/metrics", registry: MetricsRegistry? = nil,
    extra: (inout ExporterRoutes) -> Void = { _ in }
) -> some ApplicationProtocol {
    let info = BuildInfo(version: "0.1.0", revision: "abc", swiftVersion: "6.3")
    let registry = registry ?? {
        let registry = MetricsRegistry()
        registry.register(BuildInfoMetrics(info))
        return registry
    }()
    let router = Router()
    var routes = ExporterRoutes(registry: registry, readiness: readiness, buildInfo: info, telemetryPath: telemetryPath)
    extra(&routes)
    routes.add(to: router)
    return Application(router: router)
}

@Test func metrics_whenScraped_servesTextFormat004() async throws {
    try await makeApplication(telemetryPath: "/custom").test(.router) { client in
        try await client.execute(uri: "/custom", method: .get) { response in
            #expect(response.status == .ok)
            #expect(response.headers[.contentType] == "text/plain; version=0.0.4; charset=utf-8")
            #expect(String(buffer: response.body).contains("pairwatch_build_info{version=\"0.1.0\",revision=\"abc\",swift_version=\"6.3\"} 1"))
        }
    }
}

@Test func ready_whenStarting_is503WithReasonThen200() async throws {
    let readiness = Readiness()
    try await makeApplication(readiness: readiness).test(.router) { client in
        try await client.execute(uri: "/-/ready", method: .get) { response in
            #expect(response.status == .serviceUnavailable)
            #expect(String(buffer: response.body) == "Service Unavailable: startup: starting\n")
        }
        readiness.clear("startup")
        try await client.execute(uri: "/-/ready", method: .get) { response in
            #expect(response.status == .ok)
        }
        readiness.block("storage", reason: "cannot write: disk full")
        try await client.execute(uri: "/-/ready", method: .get) { response in
            #expect(String(buffer: response.body) == "Service Unavailable: storage: cannot write: disk full\n")
        }
    }
}

@Test func healthyAndLanding_whenRequested_answer200() async throws {
    try await makeApplication().test(.router) { client in
        try await client.execute(uri: "/-/healthy", method: .get) { response in
            #expect(response.status == .ok)
            #expect(String(buffer: response.body) == "OK\n")
        }
        try await client.execute(uri: "/", method: .get) { response in
            #expect(response.status == .ok)
            #expect(response.headers[.contentType] == "text/html; charset=utf-8")
            #expect(String(buffer: response.body).contains("<a href=\"/metrics\">Metrics</a>"))
            #expect(String(buffer: response.body).contains("Version <code>0.1.0</code>"))
        }
        try await client.execute(uri: "/nothing", method: .get) { response in
            #expect(response.status == .notFound)
        }
    }
}

@Test func listenAddress_whenParsed_acceptsExporterForms() throws {
    #expect(try ListenAddress(parsing: "127.0.0.1:7247") == ListenAddress(host: "127.0.0.1", port: 7247))
    #expect(try ListenAddress(parsing: "[::1]:9000") == ListenAddress(host: "::1", port: 9000))
    #expect(try ListenAddress(parsing: ":7247") == ListenAddress(host: "0.0.0.0", port: 7247))
    #expect(ListenAddress(host: "::1", port: 1).description == "[::1]:1")
}

@Test func listenAddress_whenMalformed_namesTheFlag() {
    #expect(throws: ListenAddress.ParseError(description: "web.listen-address: expected host:port, found \"localhost\"")) {
        try ListenAddress(parsing: "localhost")
    }
    #expect(throws: ListenAddress.ParseError(description: "web.listen-address: expected a port from 0 to 65535, found \"70000\"")) {
        try ListenAddress(parsing: "127.0.0.1:70000")
    }
}
