// SPDX-License-Identifier: Apache-2.0
import Foundation

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

#if canImport(Glibc)
    import Glibc
#endif

/// A real Alertmanager (Debian's `prometheus-alertmanager`) on 127.0.0.1 with a temporary configuration (one route
/// to a receiver that does nothing, or to a webhook) and storage, clustering off; stopped, and its folder removed,
/// by `stop()`.
public final class AlertmanagerServer: Sendable {
    public static let binary = "/usr/bin/prometheus-alertmanager"
    public static var isInstalled: Bool { FileManager.default.isExecutableFile(atPath: binary) }

    public let port: Int
    public var baseURL: String { "http://127.0.0.1:\(port)" }
    private let process = Process()
    private let folder: TemporaryDirectory

    /// With `webhook`, every alert goes there at once (no group wait) in a receiver named `e2e`.
    public init(webhook: String? = nil) throws {
        let folder = try TemporaryDirectory("pairwatch-e2e-alertmanager")
        self.folder = folder
        do {
            port = try freePort()
            let configuration = webhook.map(Self.webhookConfiguration) ?? "route:\n  receiver: \"null\"\nreceivers:\n  - name: \"null\"\n"
            try configuration.write(toFile: folder.file("alertmanager.yml"), atomically: true, encoding: .utf8)
            let log = folder.file("alertmanager.log")
            _ = FileManager.default.createFile(atPath: log, contents: nil)
            process.executableURL = URL(fileURLWithPath: Self.binary)
            process.arguments = [
                "--config.file=\(folder.file("alertmanager.yml"))", "--storage.path=\(folder.file("data"))",
                "--web.listen-address=127.0.0.1:\(port)", "--cluster.listen-address=",
            ]
            process.standardOutput = FileHandle(forWritingAtPath: "/dev/null")
            process.standardError = try FileHandle(forWritingTo: URL(fileURLWithPath: log))
            try process.run()
        } catch {
            folder.remove()
            throw error
        }
    }

    private static func webhookConfiguration(_ url: String) -> String {
        """
        route: {receiver: e2e, group_by: ["..."], group_wait: 0s, group_interval: 1s, repeat_interval: 1h}
        receivers:
          - name: e2e
            webhook_configs: [{url: "\(url)", send_resolved: false}]
        """
    }

    /// Polls `/-/ready` until Alertmanager answers 200 (it has loaded its configuration), for at most `limit`.
    public func waitUntilReady(limit: Duration = .seconds(30)) async throws {
        let deadline = ContinuousClock.now + limit
        while ContinuousClock.now < deadline {
            guard process.isRunning else { throw TimeoutError("alertmanager exited: \(log)") }
            if let (status, _) = try? await get("/-/ready"), status == 200 { return }
            try await Task.sleep(for: .milliseconds(100))
        }
        throw TimeoutError("alertmanager not ready within \(limit): \(log)")
    }

    /// The active alerts Alertmanager lists (`/api/v2/alerts?active=true`), as untyped JSON.
    public func activeAlerts() async throws -> [[String: Any]] {
        let (status, body) = try await get("/api/v2/alerts?active=true&silenced=false&inhibited=false&unprocessed=true")
        guard status == 200, let alerts = try JSONSerialization.jsonObject(with: Data(body.utf8)) as? [[String: Any]] else {
            throw TimeoutError("alertmanager /api/v2/alerts answered \(status): \(body)")
        }
        return alerts
    }

    /// Polls the active alerts until `condition` holds of them (Alertmanager takes in a pushed alert asynchronously).
    public func waitForActive(_ what: String, timeout: Duration = .seconds(30), until condition: ([[String: Any]]) -> Bool) async throws -> [[String: Any]] {
        let deadline = ContinuousClock.now + timeout
        var alerts: [[String: Any]] = []
        while ContinuousClock.now < deadline {
            alerts = try await activeAlerts()
            if condition(alerts) { return alerts }
            try await Task.sleep(for: .milliseconds(100))
        }
        throw TimeoutError("alertmanager: \(what) not so within \(timeout); active alerts \(alerts)")
    }

    /// One GET with Foundation's client (Go's server closes the connections the test client keeps open).
    private func get(_ pathAndQuery: String) async throws -> (status: Int, body: String) {
        guard let url = URL(string: baseURL + pathAndQuery) else { throw TimeoutError("bad URL \(pathAndQuery)") }
        let (data, response) = try await URLSession.shared.data(from: url)
        return ((response as? HTTPURLResponse)?.statusCode ?? 0, String(decoding: data, as: UTF8.self))
    }

    /// What Alertmanager logged, for a failure's message.
    public var log: String { (try? String(contentsOfFile: folder.file("alertmanager.log"), encoding: .utf8)) ?? "" }

    public func stop() {
        if process.isRunning {
            process.terminate()
            process.waitUntilExit()
        }
        folder.remove()
    }
}

/// A port of 127.0.0.1 free a moment ago: bound to port 0, read back, released. Any other server binding port 0 may
/// take it meanwhile; for a port that is to refuse connections for a while, see `ReservedPort`.
public func freePort() throws -> Int {
    let (socket, port) = try LoopbackSocket.bind(listening: false)
    close(socket)
    return port
}
