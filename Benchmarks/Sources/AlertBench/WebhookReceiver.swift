// SPDX-License-Identifier: Apache-2.0
import BenchSupport
import HTTPTypes
import Hummingbird
import Logging
import Synchronization

/// A webhook receiver on 127.0.0.1 that answers every POST with 200 and counts, per path, the distinct
/// `Idempotency-Key`s, the requests that repeated one (each of them answered 2xx, so a repeat is a duplicate
/// delivery), and when the first and the latest request arrived.
final class WebhookReceiver: Sendable {
    struct Counts {
        var keys: Set<String> = []
        var duplicates = 0
        var missingKey = 0
        var first: Double?
        var last: Double?
        /// The first body received, so the baseline posts the same bytes.
        var sample: [UInt8] = []
    }

    private static let keyField = HTTPField.Name("Idempotency-Key")
    private let counts = Mutex<[String: Counts]>([:])
    private let logger: Logger

    init(logger: Logger) {
        self.logger = logger
    }

    func counts(_ path: String) -> Counts {
        counts.withLock { $0[path] ?? Counts() }
    }

    /// Serves until the returned task is cancelled; returns the port once listening.
    func start() async -> (port: Int, task: Task<Void, any Error>) {
        let router = Router()
        router.post("/:path") { request, context -> HTTPResponse.Status in
            let body = try await request.body.collect(upTo: 1 << 20)
            self.record(path: context.parameters.get("path") ?? "", key: Self.keyField.flatMap { request.headers[$0] }, body: body)
            return .ok
        }
        let (ports, continuation) = AsyncStream<Int>.makeStream()
        let app = Application(
            router: router, configuration: ApplicationConfiguration(address: .hostname("127.0.0.1", port: 0)),
            onServerRunning: { channel in continuation.yield(channel.localAddress?.port ?? 0) }, logger: logger)
        let task = Task { try await app.runService(gracefulShutdownSignals: []) }
        var port = 0
        for await bound in ports {
            port = bound
            break
        }
        return (port, task)
    }

    private func record(path: String, key: String?, body: ByteBuffer) {
        let now = Measure.now()
        counts.withLock { all in
            var counts = all[path] ?? Counts()
            if let key {
                if !counts.keys.insert(key).inserted { counts.duplicates += 1 }
            } else {
                counts.missingKey += 1
            }
            if counts.first == nil {
                counts.first = now
                counts.sample = Array(body.readableBytesView)
            }
            counts.last = now
            all[path] = counts
        }
    }
}
