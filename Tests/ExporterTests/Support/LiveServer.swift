// SPDX-License-Identifier: Apache-2.0
import AsyncHTTPClient
import Foundation
import Hummingbird
import Logging
import NIOCore
import NIOSSL
import PairWatchConfig
import Synchronization
import TestSupport

@testable import Exporter

/// The exporter's routes with a build-info registry, plus `POST /echo` (reads the whole body) and `GET /slow`
/// (a response written over `chunks` half-seconds), for the web-security tests.
func webTestRoutes() -> ExporterRoutes {
    let info = BuildInfo(version: "0.1.0", revision: "abc", swiftVersion: "6.3")
    let registry = MetricsRegistry()
    registry.register(BuildInfoMetrics(info))
    var routes = ExporterRoutes(registry: registry, readiness: Readiness(), buildInfo: info)
    routes.on("/echo", method: .post) { request in
        let body = try await request.body.collect(upTo: 1 << 20)
        return Response(status: .ok, body: ResponseBody(byteBuffer: body))
    }
    routes.on("/slow", method: .get) { _ in
        Response(
            status: .ok,
            body: ResponseBody { writer in
                for index in 0..<5 {
                    try await writer.write(ByteBuffer(string: "chunk \(index)\n"))
                    try await Task.sleep(for: .milliseconds(500))
                }
                try await writer.finish(nil)
            })
    }
    return routes
}

/// Runs the exporter's HTTP server on an ephemeral port of 127.0.0.1 for the duration of `body`.
func withLiveServer(web: WebServing, _ body: @Sendable (Int) async throws -> Void) async throws {
    let (ports, portSink) = AsyncStream.makeStream(of: Int.self)
    let logger = Logger(label: "web-test") { _ in SwiftLogNoOpLogHandler() }
    let application = try HTTPServer.make(
        routes: webTestRoutes(), address: ListenAddress(host: "127.0.0.1", port: 0), web: web, logger: logger
    ) { address in portSink.yield(address.port) }
    let task = Task {
        defer { portSink.finish() }
        try await application.run()
    }
    defer { task.cancel() }
    var port: Int?
    for await value in ports {
        port = value
        break
    }
    guard let port else { throw TimeoutError("web test server: stopped before listening") }
    try await body(port)
    task.cancel()
    _ = await task.result
}

/// One GET over a new connection (a new client each time, so every call makes its own TLS handshake).
func httpsGet(
    _ url: String, trusting caFile: String, client certificate: (cert: String, key: String)? = nil, maxVersion: TLSVersion? = nil,
    headers: [(String, String)] = [], timeout: TimeAmount = .seconds(10)
) async throws -> (status: UInt, body: String) {
    var tls = TLSConfiguration.makeClientConfiguration()
    tls.trustRoots = .certificates(try NIOSSLCertificate.fromPEMFile(caFile))
    if let maxVersion { tls.maximumTLSVersion = maxVersion }
    if let certificate {
        tls.certificateChain = try NIOSSLCertificate.fromPEMFile(certificate.cert).map { .certificate($0) }
        tls.privateKey = .privateKey(try NIOSSLPrivateKey(file: certificate.key, format: .pem))
    }
    let client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: HTTPClient.Configuration(tlsConfiguration: tls))
    do {
        var request = HTTPClientRequest(url: url)
        for (name, value) in headers { request.headers.add(name: name, value: value) }
        let response = try await client.execute(request, timeout: timeout)
        let body = try await response.body.collect(upTo: 1 << 20)
        try await client.shutdown()
        return (response.status.code, String(buffer: body))
    } catch {
        try? await client.shutdown()
        throw error
    }
}

/// What refused a GET that should fail in the TLS handshake. The client retries failed connections until its
/// deadline, so the deadline is short and the error is the last handshake's; a deadline met before any handshake
/// ended (a loaded machine) says nothing yet, and the GET is tried again.
func httpsRefusal(
    _ url: String, trusting caFile: String, client certificate: (cert: String, key: String)? = nil, maxVersion: TLSVersion? = nil
) async -> String? {
    var error: any Error = HTTPClientError.deadlineExceeded
    for _ in 0..<10 {
        do {
            _ = try await httpsGet(url, trusting: caFile, client: certificate, maxVersion: maxVersion, timeout: .seconds(1))
            return nil
        } catch let failure {
            error = failure
            if let failure = failure as? HTTPClientError, failure == .deadlineExceeded { continue }
            break
        }
    }
    return "\(error)"
}

/// Writes a web config file into `folder` and returns its path.
func writeWebConfig(_ yaml: String, in folder: TemporaryDirectory, name: String = "web.yml") throws -> String {
    let path = folder.file(name)
    try yaml.write(toFile: path, atomically: true, encoding: .utf8)
    return path
}

/// Moves `source` over `target` in one step, as certificate tools replace files.
func replace(_ target: String, with source: String) throws {
    guard rename(source, target) == 0 else { throw TimeoutError("cannot rename \(source) to \(target)") }
}

/// Lines reported by a callback, in order.
final class Lines: Sendable {
    private let recorded = Mutex<[String]>([])

    func append(_ line: String) { recorded.withLock { $0.append(line) } }

    var lines: [String] { recorded.withLock { $0 } }
}
