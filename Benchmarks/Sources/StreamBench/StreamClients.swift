// SPDX-License-Identifier: Apache-2.0
import AsyncHTTPClient
import Foundation
import NIOCore
import Synchronization

/// `count` clients of `GET /api/v1/stream` on 127.0.0.1, each reading its body as it arrives (AsyncHTTPClient's
/// streaming body) and noting the id of the latest complete event it got.
final class StreamClients: Sendable {
    private let latest: Mutex<[UInt64]>
    private let count: Int
    private let client: HTTPClient

    init(count: Int) {
        // One connection per stream: the pool's default (8 per host) would queue the others behind open streams.
        var configuration = HTTPClient.Configuration()
        configuration.connectionPool = .init(idleTimeout: .seconds(60), concurrentHTTP1ConnectionsPerHostSoftLimit: count)
        client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
        self.count = count
        latest = Mutex(Array(repeating: 0, count: count))
    }

    /// Connects every client; returns the task that reads them all until cancelled.
    func connect(url: String) -> Task<Void, Never> {
        Task {
            await withTaskGroup(of: Void.self) { group in
                for index in 0..<count {
                    group.addTask { try? await self.read(url: url, client: index) }
                }
            }
        }
    }

    private func read(url: String, client index: Int) async throws {
        let response = try await client.execute(HTTPClientRequest(url: url), timeout: .hours(1))
        var pending: [UInt8] = []
        for try await chunk in response.body {
            pending += chunk.readableBytesView
            // Only complete frames (ending in a blank line) count; the rest waits for the next chunk.
            guard let end = Self.lastFrameEnd(pending) else { continue }
            if let id = Self.lastID(pending[..<end]) { latest.withLock { $0[index] = id } }
            pending.removeFirst(end)
        }
    }

    /// The smallest id any client has seen.
    var slowest: UInt64 { latest.withLock { $0.min() ?? 0 } }

    func shutdown() async {
        try? await client.shutdown()
    }

    private static func lastFrameEnd(_ bytes: [UInt8]) -> Int? {
        var index = bytes.count - 1
        while index > 0 {
            if bytes[index] == 10, bytes[index - 1] == 10 { return index + 1 }
            index -= 1
        }
        return nil
    }

    /// The number on the last `id: ` line of `bytes`.
    private static func lastID(_ bytes: ArraySlice<UInt8>) -> UInt64? {
        let text = String(decoding: bytes, as: UTF8.self)
        guard let range = text.range(of: "\nid: ", options: .backwards) ?? (text.hasPrefix("id: ") ? text.range(of: "id: ") : nil) else {
            return nil
        }
        return UInt64(text[range.upperBound...].prefix { $0.isNumber })
    }
}
