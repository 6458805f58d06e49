// SPDX-License-Identifier: Apache-2.0
import Foundation
import TestSupport

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// A real Prometheus (the Debian package's) on 127.0.0.1 with the shipped `prometheus/prometheus.yml` and
/// `pairwatch.rules.yml`, adapted for a test: the scrape target and the Alertmanager are the test's, and scrapes and
/// rule evaluations run every second. Stopped, and its folder removed, by `stop()`.
final class PrometheusServer: Sendable {
    static let binary = "/usr/bin/prometheus"
    static var isInstalled: Bool { FileManager.default.isExecutableFile(atPath: binary) }

    let port: Int
    private let process = Process()
    private let folder: TemporaryDirectory

    /// Scrapes the daemon on `targetPort` and sends alerts to the Alertmanager on `alertmanagerPort`.
    init(targetPort: Int, alertmanagerPort: Int) throws {
        let folder = try TemporaryDirectory("pairwatch-e2e-prometheus")
        self.folder = folder
        do {
            port = try freePort()
            let configuration = try Self.shippedConfiguration(targetPort: targetPort, alertmanagerPort: alertmanagerPort)
            try configuration.write(toFile: folder.file("prometheus.yml"), atomically: true, encoding: .utf8)
            // rule_files are resolved relative to the configuration, as beside the installed copy.
            try FileManager.default.copyItem(
                atPath: OperationsFiles.url("prometheus/pairwatch.rules.yml").path, toPath: folder.file("pairwatch.rules.yml"))
            _ = FileManager.default.createFile(atPath: folder.file("prometheus.log"), contents: nil)
            process.executableURL = URL(fileURLWithPath: Self.binary)
            process.arguments = [
                "--config.file=\(folder.file("prometheus.yml"))", "--storage.tsdb.path=\(folder.file("tsdb"))",
                "--web.listen-address=127.0.0.1:\(port)",
            ]
            process.standardOutput = FileHandle.nullDevice
            process.standardError = try FileHandle(forWritingTo: URL(fileURLWithPath: folder.file("prometheus.log")))
            try process.run()
        } catch {
            folder.remove()
            throw error
        }
    }

    /// `prometheus/prometheus.yml` with each of its example addresses and intervals replaced; fails when one is no
    /// longer there, so the test keeps running the shipped file rather than a copy of its own.
    static func shippedConfiguration(targetPort: Int, alertmanagerPort: Int) throws -> String {
        var text = try OperationsFiles.text("prometheus/prometheus.yml")
        let replacements = [
            ("scrape_interval: 15s", "scrape_interval: 1s\n  scrape_timeout: 900ms"),
            ("evaluation_interval: 15s", "evaluation_interval: 1s"),
            ("\"127.0.0.1:9093\"", "\"127.0.0.1:\(alertmanagerPort)\""),
            ("\"127.0.0.1:7247\"", "\"127.0.0.1:\(targetPort)\""),
        ]
        for (example, replacement) in replacements {
            guard text.contains(example) else { throw OperationsFileError("prometheus/prometheus.yml: no \(example) to replace") }
            text = text.replacingOccurrences(of: example, with: replacement)
        }
        return text
    }

    /// Polls `/-/ready` until Prometheus answers 200, for at most `limit`.
    func waitUntilReady(limit: Duration = .seconds(30)) async throws {
        let deadline = ContinuousClock.now + limit
        while ContinuousClock.now < deadline {
            guard process.isRunning else { throw WaitError(description: "prometheus exited: \(log.suffix(3_000))") }
            if let (status, _) = try? await get("/-/ready"), status == 200 { return }
            try await Task.sleep(for: .milliseconds(100))
        }
        throw WaitError(description: "prometheus not ready within \(limit): \(log.suffix(3_000))")
    }

    /// The result vector of an instant query (`/api/v1/query`), as untyped JSON; fails unless the query succeeded.
    func query(_ expression: String) async throws -> [[String: Any]] {
        var components = URLComponents()
        components.queryItems = [URLQueryItem(name: "query", value: expression)]
        // URLComponents leaves `+` alone, which a query string reads as a space.
        let encoded = (components.percentEncodedQuery ?? "").replacingOccurrences(of: "+", with: "%2B")
        guard let result = try await data("/api/v1/query?\(encoded)")["result"] as? [[String: Any]] else {
            throw WaitError(description: "prometheus: query \(expression) answered no result vector")
        }
        return result
    }

    /// The active scrape targets (`/api/v1/targets`), as untyped JSON.
    func activeTargets() async throws -> [[String: Any]] {
        try await data("/api/v1/targets?state=active")["activeTargets"] as? [[String: Any]] ?? []
    }

    /// The rules of every loaded group (`/api/v1/rules`), as untyped JSON.
    func rules() async throws -> [[String: Any]] {
        let groups = try await data("/api/v1/rules")["groups"] as? [[String: Any]] ?? []
        return groups.flatMap { $0["rules"] as? [[String: Any]] ?? [] }
    }

    /// The URLs of the Alertmanagers Prometheus sends to (`/api/v1/alertmanagers`).
    func activeAlertmanagers() async throws -> [String] {
        let managers = try await data("/api/v1/alertmanagers")["activeAlertmanagers"] as? [[String: Any]] ?? []
        return managers.compactMap { $0["url"] as? String }
    }

    /// The `data` of a successful API answer.
    private func data(_ pathAndQuery: String) async throws -> [String: Any] {
        let (status, body) = try await get(pathAndQuery)
        let object = (try? JSONSerialization.jsonObject(with: Data(body.utf8))) as? [String: Any]
        guard status == 200, let data = object?["data"] as? [String: Any] else {
            throw WaitError(description: "prometheus: \(pathAndQuery) answered \(status): \(body)")
        }
        return data
    }

    /// One GET with Foundation's client (Prometheus closes the connections the test client keeps open).
    private func get(_ pathAndQuery: String) async throws -> (status: Int, body: String) {
        guard let url = URL(string: "http://127.0.0.1:\(port)\(pathAndQuery)") else { throw WaitError(description: "bad URL \(pathAndQuery)") }
        let (data, response) = try await URLSession.shared.data(from: url)
        return ((response as? HTTPURLResponse)?.statusCode ?? 0, String(decoding: data, as: UTF8.self))
    }

    /// What Prometheus logged, for a failure's message.
    var log: String { (try? String(contentsOfFile: folder.file("prometheus.log"), encoding: .utf8)) ?? "" }

    func stop() {
        if process.isRunning {
            process.terminate()
            process.waitUntilExit()
        }
        folder.remove()
    }
}
