// SPDX-License-Identifier: Apache-2.0
import AsyncHTTPClient
import Foundation
import TestSupport

#if canImport(Glibc)
    import Glibc
#endif

/// A real Alertmanager (Debian's `prometheus-alertmanager`) on 127.0.0.1 with a temporary configuration (one route
/// to a receiver that does nothing) and storage, clustering off; stopped, and its folder removed, by `stop()`.
final class AlertmanagerProcess: Sendable {
    static let binary = "/usr/bin/prometheus-alertmanager"
    static var isInstalled: Bool { FileManager.default.isExecutableFile(atPath: binary) }

    let port: Int
    private let process = Process()
    private let folder: TemporaryDirectory

    var baseURL: String { "http://127.0.0.1:\(port)" }

    init() throws {
        let folder = try TemporaryDirectory("pairwatch-alertmanager")
        self.folder = folder
        do {
            port = try freePort()
            let configuration = "route:\n  receiver: \"null\"\nreceivers:\n  - name: \"null\"\n"
            try configuration.write(toFile: folder.file("alertmanager.yml"), atomically: true, encoding: .utf8)
            process.executableURL = URL(fileURLWithPath: Self.binary)
            process.arguments = [
                "--config.file=\(folder.file("alertmanager.yml"))", "--storage.path=\(folder.file("data"))",
                "--web.listen-address=127.0.0.1:\(port)", "--cluster.listen-address=",
            ]
            process.standardOutput = FileHandle(forWritingAtPath: "/dev/null")
            process.standardError = try FileHandle(forWritingTo: URL(fileURLWithPath: folder.file("alertmanager.log")).creatingFile())
            try process.run()
        } catch {
            folder.remove()
            throw error
        }
    }

    /// Polls `/-/ready` until Alertmanager answers 200 (it has loaded its configuration), for at most `limit`.
    func waitUntilReady(client: HTTPClient, limit: Duration = .seconds(30)) async throws {
        let deadline = ContinuousClock.now + limit
        while ContinuousClock.now < deadline {
            guard process.isRunning else { throw TimeoutError("alertmanager exited: \(log)") }
            if let response = try? await client.execute(HTTPClientRequest(url: baseURL + "/-/ready"), timeout: .seconds(1)),
                response.status == .ok
            {
                return
            }
            try await Task.sleep(for: .milliseconds(100))
        }
        throw TimeoutError("alertmanager not ready within \(limit): \(log)")
    }

    /// What Alertmanager logged, for a failure's message.
    var log: String { (try? String(contentsOfFile: folder.file("alertmanager.log"), encoding: .utf8)) ?? "" }

    func stop() {
        if process.isRunning {
            process.terminate()
            process.waitUntilExit()
        }
        folder.remove()
    }
}

extension URL {
    /// The URL, after creating an empty file there.
    fileprivate func creatingFile() -> URL {
        _ = FileManager.default.createFile(atPath: path, contents: nil)
        return self
    }
}

/// A port of 127.0.0.1 free a moment ago: bound to port 0, read back, released.
func freePort() throws -> Int {
    let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    guard descriptor >= 0 else { throw TimeoutError("socket: errno \(errno)") }
    defer { close(descriptor) }
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_addr.s_addr = inet_addr("127.0.0.1")
    address.sin_port = 0
    var length = socklen_t(MemoryLayout<sockaddr_in>.size)
    let bound = withUnsafeMutablePointer(to: &address) { pointer in
        pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { generic in
            bind(descriptor, generic, length) == 0 && getsockname(descriptor, generic, &length) == 0
        }
    }
    guard bound else { throw TimeoutError("bind 127.0.0.1:0: errno \(errno)") }
    return Int(UInt16(bigEndian: address.sin_port))
}
