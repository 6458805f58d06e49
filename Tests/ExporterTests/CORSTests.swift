// SPDX-License-Identifier: Apache-2.0
import Hummingbird
import HummingbirdBcrypt
import HummingbirdTesting
import PairWatchConfig
import Testing
import TestSupport

@testable import Exporter

private func corsApplication(_ origins: CORSOrigins) -> some ApplicationProtocol {
    Application(router: HTTPServer.router(routes: webTestRoutes(), web: WebServing(corsOrigins: origins)))
}

private let preflight: HTTPFields = [
    .origin: "https://grafana.example.com", .accessControlRequestMethod: "POST", .accessControlRequestHeaders: "authorization",
]

@Test func cors_whenNoOriginsConfigured_sendsNoCORSHeaders() async throws {
    try await corsApplication(CORSOrigins()).test(.router) { client in
        try await client.execute(uri: "/metrics", method: .options, headers: preflight) { response in
            #expect(response.status == .methodNotAllowed)
            #expect(response.headers[.accessControlAllowOrigin] == nil)
        }
        try await client.execute(uri: "/-/healthy", method: .get, headers: [.origin: "https://grafana.example.com"]) { response in
            #expect(response.status == .ok)
            #expect(response.headers[.accessControlAllowOrigin] == nil)
            #expect(response.headers[.vary] == nil)
        }
    }
}

@Test func cors_whenOriginListed_answersPreflightAndMarksResponses() async throws {
    try await corsApplication(CORSOrigins(["https://grafana.example.com"])).test(.router) { client in
        try await client.execute(uri: "/api/v1/trades", method: .options, headers: preflight) { response in
            #expect(response.status == .noContent)
            #expect(response.headers[.accessControlAllowOrigin] == "https://grafana.example.com")
            #expect(response.headers[.accessControlAllowMethods] == "GET, POST")
            #expect(response.headers[.accessControlAllowHeaders] == "Authorization, Content-Type, Last-Event-ID")
            #expect(response.headers[.vary] == "Origin")
        }
        try await client.execute(uri: "/-/healthy", method: .get, headers: [.origin: "https://grafana.example.com"]) { response in
            #expect(response.status == .ok)
            #expect(response.headers[.accessControlAllowOrigin] == "https://grafana.example.com")
            #expect(response.headers[.vary] == "Origin")
        }
    }
}

@Test func cors_whenOriginNotListed_allowsNothing() async throws {
    try await corsApplication(CORSOrigins(["https://grafana.example.com"])).test(.router) { client in
        var headers = preflight
        headers[.origin] = "https://evil.example.com"
        try await client.execute(uri: "/metrics", method: .options, headers: headers) { response in
            #expect(response.headers[.accessControlAllowOrigin] == nil)
            #expect(response.headers[.accessControlAllowMethods] == nil)
        }
        try await client.execute(uri: "/-/healthy", method: .get, headers: [.origin: "https://evil.example.com"]) { response in
            #expect(response.status == .ok)
            #expect(response.headers[.accessControlAllowOrigin] == nil)
            #expect(response.headers[.vary] == "Origin")
        }
    }
}

@Test func cors_whenAnyOriginAllowedOrChangedByReload_followsTheList() async throws {
    let origins = CORSOrigins(["*"])
    try await corsApplication(origins).test(.router) { client in
        try await client.execute(uri: "/-/healthy", method: .get, headers: [.origin: "http://localhost:3000"]) { response in
            #expect(response.headers[.accessControlAllowOrigin] == "*")
        }
        origins.set([])
        try await client.execute(uri: "/-/healthy", method: .get, headers: [.origin: "http://localhost:3000"]) { response in
            #expect(response.headers[.accessControlAllowOrigin] == nil)
        }
    }
}

@Test func cors_whenBasicAuthOn_preflightNeedsNoPassword() async throws {
    // CORS runs before basic auth: browsers send preflights without credentials.
    let folder = try TemporaryDirectory("web-cors")
    defer { folder.remove() }
    let path = try writeWebConfig("basic_auth_users:\n  alice: \(Bcrypt.hash("hunter2", cost: 4))\n", in: folder)
    let web = WebServing(securityFile: try .init(path: path) { _ in }, corsOrigins: CORSOrigins(["https://grafana.example.com"]))
    try await Application(router: HTTPServer.router(routes: webTestRoutes(), web: web)).test(.router) { client in
        try await client.execute(uri: "/metrics", method: .options, headers: preflight) { response in
            #expect(response.status == .noContent)
            #expect(response.headers[.accessControlAllowOrigin] == "https://grafana.example.com")
        }
        try await client.execute(uri: "/-/healthy", method: .get, headers: [.origin: "https://grafana.example.com"]) { response in
            #expect(response.status == .unauthorized)
            #expect(response.headers[.accessControlAllowOrigin] == "https://grafana.example.com")
        }
    }
}
