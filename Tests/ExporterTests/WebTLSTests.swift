// SPDX-License-Identifier: Apache-2.0
import Logging
import NIOSSL
import PairWatchConfig
import Testing
import TestSupport

@testable import Exporter

/// A web config file with TLS from a fresh CA, and the server's certificate files.
private struct TLSSetup {
    let folder: TemporaryDirectory
    let authority: TestCertificates
    let webConfig: String

    static func make(_ extra: String = "") async throws -> TLSSetup {
        let folder = try TemporaryDirectory("web-tls")
        let authority = try await TestCertificates.make(in: folder, name: "first")
        try await authority.issue("server")
        let webConfig = try writeWebConfig("tls_server_config:\n  cert_file: server.pem\n  key_file: server.key\n" + extra, in: folder)
        return TLSSetup(folder: folder, authority: authority, webConfig: webConfig)
    }

    func web() throws -> WebServing {
        WebServing(securityFile: try WebSecurityFile(path: webConfig) { _ in })
    }
}

@Test func tls_whenClientTrustsTheCA_servesMetricsOverHTTPS() async throws {
    let setup = try await TLSSetup.make()
    defer { setup.folder.remove() }
    try await withLiveServer(web: try setup.web()) { port in
        let response = try await httpsGet("https://127.0.0.1:\(port)/metrics", trusting: setup.authority.caFile)
        #expect(response.status == 200)
        #expect(response.body.contains("pairwatch_build_info"))
    }
}

@Test func tls_whenCertificateReplaced_nextHandshakeServesTheNewOne() async throws {
    let setup = try await TLSSetup.make()
    defer { setup.folder.remove() }
    let second = try await TestCertificates.make(in: setup.folder, name: "second")
    let replacement = try await second.issue("replacement")
    try await withLiveServer(web: try setup.web()) { port in
        let url = "https://127.0.0.1:\(port)/-/healthy"
        #expect(try await httpsGet(url, trusting: setup.authority.caFile).status == 200)
        let before = await httpsRefusal(url, trusting: second.caFile)
        #expect(before?.contains("CERTIFICATE_VERIFY_FAILED") == true, "\(before ?? "served")")
        try replace(setup.folder.file("server.key"), with: replacement.key)
        try replace(setup.folder.file("server.pem"), with: replacement.cert)
        #expect(try await httpsGet(url, trusting: second.caFile).status == 200)
        let after = await httpsRefusal(url, trusting: setup.authority.caFile)
        #expect(after?.contains("CERTIFICATE_VERIFY_FAILED") == true, "\(after ?? "served")")
    }
}

@Test func tls_whenMinVersionTLS13_refusesATLS12OnlyClient() async throws {
    let setup = try await TLSSetup.make("  min_version: TLS13\n")
    defer { setup.folder.remove() }
    try await withLiveServer(web: try setup.web()) { port in
        let url = "https://127.0.0.1:\(port)/-/healthy"
        let refusal = await httpsRefusal(url, trusting: setup.authority.caFile, maxVersion: .tlsv12)
        #expect(refusal?.contains("TLSV1_ALERT_PROTOCOL_VERSION") == true, "\(refusal ?? "served")")
        let status = try await httpsGet(url, trusting: setup.authority.caFile).status
        #expect(status == 200)
    }
}

@Test func tls_whenClientCertificatesRequired_refusesWithoutOneAndServesWithOne() async throws {
    let setup = try await TLSSetup.make("  client_auth_type: RequireAndVerifyClientCert\n  client_ca_file: first-ca.pem\n")
    defer { setup.folder.remove() }
    let client = try await setup.authority.issue("client", client: true)
    let stranger = try await TestCertificates.make(in: setup.folder, name: "stranger").issue("stranger", client: true)
    try await withLiveServer(web: try setup.web()) { port in
        let url = "https://127.0.0.1:\(port)/-/healthy"
        let without = await httpsRefusal(url, trusting: setup.authority.caFile)
        #expect(without?.contains("CERTIFICATE_REQUIRED") == true, "\(without ?? "served")")
        let unknown = await httpsRefusal(url, trusting: setup.authority.caFile, client: stranger)
        #expect(unknown?.contains("TLSV1_ALERT_UNKNOWN_CA") == true, "\(unknown ?? "served")")
        let status = try await httpsGet(url, trusting: setup.authority.caFile, client: client).status
        #expect(status == 200)
    }
}

@Test func tls_whenWebConfigBreaksLater_keepsServingWithTheLastGoodOne() async throws {
    let setup = try await TLSSetup.make()
    defer { setup.folder.remove() }
    let reported = Lines()
    let file = try WebSecurityFile(path: setup.webConfig) { error in reported.append("\(error)") }
    try await withLiveServer(web: WebServing(securityFile: file)) { port in
        let url = "https://127.0.0.1:\(port)/-/healthy"
        try "tls_server_config:\n  cert_file: [\n".write(toFile: setup.webConfig, atomically: true, encoding: .utf8)
        #expect(try await httpsGet(url, trusting: setup.authority.caFile).status == 200)
        #expect(try await httpsGet(url, trusting: setup.authority.caFile).status == 200)
        #expect(reported.lines.count == 1)
        let line = reported.lines.first ?? ""
        #expect(line.hasPrefix("\(setup.webConfig):") && line.contains(": invalid YAML: "), "\(line)")
    }
}

@Test func tls_whenCertificateFileMissingAtStart_isAnErrorNamingTheFile() throws {
    let folder = try TemporaryDirectory("web-tls")
    defer { folder.remove() }
    let path = try writeWebConfig("tls_server_config:\n  cert_file: none.pem\n  key_file: none.key\n", in: folder)
    let web = WebServing(securityFile: try WebSecurityFile(path: path) { _ in })
    #expect {
        _ = try HTTPServer.make(routes: webTestRoutes(), address: ListenAddress(host: "127.0.0.1", port: 0), web: web, logger: Logger(label: "t"))
    } throws: { error in
        "\(error)".hasPrefix("\(path): tls_server_config cert_file \(folder.file("none.pem")) or key_file \(folder.file("none.key")): cannot load")
    }
}
