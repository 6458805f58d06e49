// SPDX-License-Identifier: Apache-2.0
import AsyncHTTPClient
import Foundation
import HummingbirdBcrypt
import NIOCore
import NIOSSL
import Testing
import TestSupport

/// One HTTPS GET trusting `caFile`, with basic-auth credentials when given.
private func httpsGet(_ url: String, trusting caFile: String, user: String? = nil, password: String = "") async throws -> (UInt, String, String?) {
    var tls = TLSConfiguration.makeClientConfiguration()
    tls.trustRoots = .certificates(try NIOSSLCertificate.fromPEMFile(caFile))
    let client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: HTTPClient.Configuration(tlsConfiguration: tls))
    var request = HTTPClientRequest(url: url)
    if let user { request.headers.add(name: "Authorization", value: "Basic " + Data("\(user):\(password)".utf8).base64EncodedString()) }
    do {
        let response = try await client.execute(request, timeout: .seconds(10))
        let body = try await response.body.collect(upTo: 1 << 20)
        try await client.shutdown()
        return (response.status.code, String(buffer: body), response.headers.first(name: "WWW-Authenticate"))
    } catch {
        try? await client.shutdown()
        throw error
    }
}

@Test func serve_whenWebConfigHasTLSAndUsers_servesHTTPSBehindAPassword() async throws {
    let folder = try TemporaryDirectory("pairwatch-web")
    defer { folder.remove() }
    let authority = try await TestCertificates.make(in: folder)
    try await authority.issue("server")
    let webConfig = folder.file("web-config.yml")
    try """
    tls_server_config:
      cert_file: server.pem
      key_file: server.key
      min_version: TLS12
    basic_auth_users:
      prometheus: \(Bcrypt.hash("scrape-me", cost: 4))
    """.write(toFile: webConfig, atomically: true, encoding: .utf8)
    let config = try temporaryConfig(
        "storage:\n  path: \(folder.file("pairwatch.db"))\nfeed:\n  source: simulate\n  simulate: {seed: 3, trades_per_second: 50}\n", in: folder)
    let (daemon, port) = try await RunningPairwatch.serve(["--config.file", config, "--web.config.file", webConfig])
    defer { daemon.stop() }
    #expect(daemon.stderr.contains("url=https://127.0.0.1:\(port)/"))
    let url = "https://127.0.0.1:\(port)/metrics"
    let (status, body, _) = try await httpsGet(url, trusting: authority.caFile, user: "prometheus", password: "scrape-me")
    #expect(status == 200)
    #expect(body.contains("pairwatch_build_info"))
    let refused = try await httpsGet(url, trusting: authority.caFile)
    #expect(refused.0 == 401)
    #expect(refused.1 == "{\"error\":\"authentication required\"}")
    #expect(refused.2 == "Basic realm=\"pairwatch\", charset=\"UTF-8\"")
    #expect(try await httpsGet(url, trusting: authority.caFile, user: "prometheus", password: "wrong").0 == 401)
}

@Test func serve_whenWebConfigIsBroken_exitsNamingFileAndLine() async throws {
    let folder = try TemporaryDirectory("pairwatch-web")
    defer { folder.remove() }
    let webConfig = folder.file("web-config.yml")
    try "tls_server_config:\n  cert_file: server.pem\n  key_file: server.key\n  min_version: TLS9\n".write(
        toFile: webConfig, atomically: true, encoding: .utf8)
    let config = try temporaryConfig("storage:\n  path: \(folder.file("pairwatch.db"))\nfeed:\n  source: simulate\n", in: folder)
    let output = try await runPairwatch(["serve", "--config.file", config, "--web.config.file", webConfig, "--web.listen-address", "127.0.0.1:0"])
    #expect(output.status == 1)
    #expect(output.stderr.contains("\(webConfig):4:16: tls_server_config.min_version: expected one of \"TLS10\", \"TLS11\", \"TLS12\", \"TLS13\", found \"TLS9\""))
}

@Test func checkConfig_whenWebConfigGiven_checksAndSummarisesIt() async throws {
    let folder = try TemporaryDirectory("pairwatch-web")
    defer { folder.remove() }
    let webConfig = folder.file("web-config.yml")
    try "basic_auth_users:\n  prometheus: \(Bcrypt.hash("x", cost: 4))\n".write(toFile: webConfig, atomically: true, encoding: .utf8)
    let good = try await runPairwatch(["check-config", "--web.config.file", webConfig])
    #expect(good.status == 0)
    #expect(good.stdout.contains("web config:  \(webConfig): plain HTTP, basic auth for 1 user(s)"))
    try "basic_auth_users:\n  prometheus: plain\n".write(toFile: webConfig, atomically: true, encoding: .utf8)
    let bad = try await runPairwatch(["check-config", "--web.config.file", webConfig])
    #expect(bad.status == 1)
    #expect(bad.stderr.contains("\(webConfig):2:3: basic_auth_users.prometheus: expected a bcrypt hash"))
}

@Test func exampleWebConfig_whenChecked_parsesAndItsHashIsOfChangeme() async throws {
    let path = MakeInstall.root.appendingPathComponent("examples/web-config.yml").path
    let output = try await runPairwatch(["check-config", "--web.config.file", path])
    #expect(output.status == 0, "\(output.stderr)")
    #expect(output.stdout.contains("web config:  \(path): TLS (TLS12 or newer, client certificates: NoClientCert), basic auth for 1 user(s)"))
    let text = try String(contentsOfFile: path, encoding: .utf8)
    let hash = try #require(text.split(separator: "\n").first { $0.hasPrefix("  prometheus: ") }).dropFirst("  prometheus: ".count)
    #expect(Bcrypt.verify("changeme", hash: String(hash)))
}
