// SPDX-License-Identifier: Apache-2.0
import AsyncHTTPClient
import NIOCore
import Synchronization

/// Stream clients that note the latest event id each has read.
protocol StreamReaders: Sendable {
    /// The smallest id any client has seen.
    var slowest: UInt64 { get }
    func shutdown() async
}

/// `count` clients of `GET /api/v1/stream` on 127.0.0.1, each reading its body as it arrives (AsyncHTTPClient's
/// streaming body) and noting the id of the latest complete event it got.
final class StreamClients: StreamReaders {
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
            guard let end = EventIDScan.lastBlankLine(pending[...]) else { continue }
            if let id = EventIDScan.lastID(pending[..<end]) { latest.withLock { $0[index] = id } }
            pending.removeFirst(end)
        }
    }

    /// The smallest id any client has seen.
    var slowest: UInt64 { latest.withLock { $0.min() ?? 0 } }

    func shutdown() async {
        try? await client.shutdown()
    }
}
