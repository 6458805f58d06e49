// SPDX-License-Identifier: Apache-2.0
import Hummingbird
import HummingbirdTesting
import Testing

@testable import Exporter

private let prometheusAccept =
    "application/openmetrics-text;version=1.0.0,application/openmetrics-text;version=0.0.1;q=0.75,text/plain;version=0.0.4;q=0.5,*/*;q=0.1"

private func application(
    _ registry: MetricsRegistry = fixedRegistry(), extra: @escaping (inout ExporterRoutes) -> Void = { _ in }
) -> some ApplicationProtocol {
    let router = Router()
    var routes = ExporterRoutes(registry: registry, readiness: Readiness(), buildInfo: BuildInfo(version: "1", revision: "r", swiftVersion: "6"))
    extra(&routes)
    routes.add(to: router)
    return Application(router: router)
}

@Test func metrics_whenPrometheusAcceptHeader_servesOpenMetricsThatFollowsTheRules() async throws {
    let registry = fixedRegistry()
    try await application(registry).test(.router) { client in
        try await client.execute(uri: "/metrics", method: .get, headers: [.accept: prometheusAccept]) { response in
            #expect(response.status == .ok)
            #expect(response.headers[.contentType] == "application/openmetrics-text; version=1.0.0; charset=utf-8")
            #expect(response.headers[.contentEncoding] == nil)
            let body = String(buffer: response.body)
            #expect(body == (await registry.render(.openMetrics)))
            #expect(body.hasSuffix("\n# EOF\n"))
            #expect(OpenMetricsChecker.check(body) == [])
        }
    }
}

@Test func metrics_whenGzipAccepted_compressesAndDecompressesToThePlainBody() async throws {
    let registry = fixedRegistry()
    try await application(registry).test(.router) { client in
        for (accept, format) in [("text/plain", ExpositionFormat.prometheusText), (prometheusAccept, .openMetrics)] {
            try await client.execute(
                uri: "/metrics", method: .get, headers: [.accept: accept, .acceptEncoding: "gzip, deflate"]
            ) { response in
                #expect(response.headers[.contentEncoding] == "gzip")
                #expect(response.headers[.vary] == "Accept, Accept-Encoding")
                #expect(response.headers[.contentType] == format.contentType)
                let plain = try gunzip(response.body)
                #expect(plain == (await registry.render(format)))
            }
        }
        try await client.execute(uri: "/metrics", method: .get, headers: [.acceptEncoding: "gzip;q=0"]) { response in
            #expect(response.headers[.contentEncoding] == nil)
            #expect(String(buffer: response.body) == (await registry.render(.prometheusText)))
        }
    }
}

@Test func metrics_whenACollectorFails_scrapeSucceedsWithTheOthers() async throws {
    let registry = fixedRegistry()
    registry.register(FailingCollector())
    registry.register(BuildInfoMetrics(BuildInfo(version: "9", revision: "after", swiftVersion: "6")))
    try await application(registry).test(.router) { client in
        try await client.execute(uri: "/metrics", method: .get) { response in
            #expect(response.status == .ok)
            let body = String(buffer: response.body)
            #expect(body.hasPrefix(await fixedRegistry().render()))
            #expect(body.hasSuffix("pairwatch_build_info{version=\"9\",revision=\"after\",swift_version=\"6\"} 1\n"))
            #expect(!body.contains("pairwatch_never_written"))
        }
    }
}

@Test func routes_whenMethodIsNotServed_answer405WithAllow() async throws {
    try await application().test(.router) { client in
        for path in ["/", "/-/healthy", "/-/ready", "/metrics"] {
            for method in [HTTPRequest.Method.delete, .post, .put] {
                try await client.execute(uri: path, method: method) { response in
                    #expect(response.status == .methodNotAllowed, "\(method) \(path)")
                    #expect(response.headers[.allow] == "GET, HEAD", "\(method) \(path)")
                }
            }
        }
        try await client.execute(uri: "/nothing", method: .delete) { response in
            #expect(response.status == .notFound)
        }
    }
}

@Test func routes_whenHeadIsAsked_answerLikeGetWithoutBody() async throws {
    try await application().test(.router) { client in
        try await client.execute(uri: "/metrics", method: .head, headers: [.accept: prometheusAccept]) { response in
            #expect(response.status == .ok)
            #expect(response.headers[.contentType] == "application/openmetrics-text; version=1.0.0; charset=utf-8")
            #expect(response.body.readableBytes == 0)
        }
        try await client.execute(uri: "/-/healthy", method: .head) { response in
            #expect(response.status == .ok)
            #expect(response.body.readableBytes == 0)
        }
    }
}

@Test func routes_whenAnotherPartAddsAnEndpoint_itGets405AndAllowToo() async throws {
    let app = application { routes in
        routes.on("/-/reload", method: .post) { _ in Response(status: .noContent) }
    }
    try await app.test(.router) { client in
        try await client.execute(uri: "/-/reload", method: .post) { response in
            #expect(response.status == .noContent)
        }
        try await client.execute(uri: "/-/reload", method: .get) { response in
            #expect(response.status == .methodNotAllowed)
            #expect(response.headers[.allow] == "POST")
        }
    }
}
