// SPDX-License-Identifier: Apache-2.0
import Alerting
import AsyncHTTPClient
import BenchSupport
import Foundation
import Logging
import NIOCore
import Pipeline
import Storage

/// Notifications through the durable outbox to a local webhook receiver: the outbox is filled by real transitions
/// (an evaluator firing ``BenchRules/delivery`` on the board), then ``AlertingService`` with a ``WebhookNotifier``
/// delivers them, timed until the receiver holds every idempotency key. The baseline is the same number of bare
/// POSTs of the same body from AsyncHTTPClient, one after the other, to the same receiver.
struct DeliveryRun {
    struct Result {
        var notifications = 0
        /// From the service's start until the receiver held every key.
        var total = 0.0
        /// From the first request received to the last.
        var span = 0.0
        /// Process CPU seconds from the service's start until the receiver held every key, and of the baseline.
        var cpu = 0.0
        var baselineCPU = 0.0
        var received = 0
        var duplicates = 0
        var missingKey = 0
        var outboxLeft = 0
        var delivered: UInt64 = 0
        var failed: UInt64 = 0
        var baseline = 0.0
        var bodyBytes = 0
        var stages = DeliveryStages.Result()
    }

    static let receiver = "bench-webhook"

    let board: PairBoard
    let folder: String
    let logger: Logger

    func run(port: Int, receiver: WebhookReceiver) async throws -> Result {
        let fill = try AlertEvaluation(rules: BenchRules.delivery, receivers: [Self.receiver], board: board, path: folder + "/delivery.db", logger: logger)
        try await fill.restore()
        _ = await fill.evaluate()
        var result = Result(notifications: try fill.store.outboxCounts()[Self.receiver] ?? 0)
        let messages = try fill.store.outbox(receiver: Self.receiver, limit: result.notifications).map { item in
            OutboxMessage(receiver: item.receiver, idempotencyKey: item.idempotencyKey, createdMs: item.createdMs, payload: item.payload)
        }
        let client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: .notifiers)
        let statistics = AlertingStatistics()
        let notifier = Self.notifier(url: "http://127.0.0.1:\(port)/hook", client: client)
        let service = AlertingService(
            rules: BenchRules.delivery, notifiers: [notifier], board: board, store: fill.store, staleness: { _ in { _ in nil } },
            settings: AlertingSettings(), clock: ContinuousClock(), nowMs: wallClockMs, statistics: statistics, logger: logger)
        let (started, cpu) = (Measure.now(), Measure.processCPU())
        let task = Task { try await service.run() }
        let complete = try await waitUntil(timeout: 300) { receiver.counts("hook").keys.count >= result.notifications }
        (result.total, result.cpu) = (Measure.now() - started, Measure.processCPU() - cpu)
        _ = try await waitUntil(timeout: 10) { (try fill.store.outboxCounts()[Self.receiver] ?? 0) == 0 }
        task.cancel()
        _ = await task.result
        let counts = receiver.counts("hook")
        if !complete { logger.error("the receiver did not get every notification", metadata: ["received": "\(counts.keys.count)"]) }
        (result.received, result.duplicates, result.missingKey) = (counts.keys.count, counts.duplicates, counts.missingKey)
        result.span = (counts.last ?? 0) - (counts.first ?? 0)
        result.outboxLeft = try fill.store.outboxCounts().values.reduce(0, +)
        let outcomes = statistics.snapshot.notifications[Self.receiver] ?? [:]
        (result.delivered, result.failed) = (outcomes[.delivered] ?? 0, outcomes[.failed] ?? 0)
        result.bodyBytes = counts.sample.count
        let baselineCPU = Measure.processCPU()
        result.baseline = try await baseline(client: client, url: "http://127.0.0.1:\(port)/baseline", body: counts.sample, count: result.notifications)
        result.baselineCPU = Measure.processCPU() - baselineCPU
        result.stages = try await DeliveryStages(messages: messages, path: folder + "/stages.db").run(notifier: Self.notifier(url: "http://127.0.0.1:\(port)/stage", client: client))
        try await client.shutdown()
        return result
    }

    /// A webhook receiver with a secret, so every request is signed as a configured one would be.
    private static func notifier(url: String, client: HTTPClient) -> WebhookNotifier {
        WebhookNotifier(
            name: receiver, url: url, secret: Array("bench-secret".utf8), timeout: .seconds(5), externalURL: "http://127.0.0.1:9490", client: client)
    }

    /// Seconds for `count` sequential POSTs of `body`, each with its own idempotency key, each answer read to the end.
    private func baseline(client: HTTPClient, url: String, body: [UInt8], count: Int) async throws -> Double {
        let started = Measure.now()
        for index in 0..<count {
            var request = HTTPClientRequest(url: url)
            request.method = .POST
            request.headers.add(name: "Content-Type", value: "application/json")
            request.headers.add(name: "Idempotency-Key", value: "baseline-\(index)")
            request.body = .bytes(ByteBuffer(bytes: body))
            let response = try await client.execute(request, timeout: .seconds(5))
            _ = try await response.body.collect(upTo: 1 << 16)
            guard response.status == .ok else { throw BenchError(text: "baseline POST \(index): HTTP \(response.status.code)") }
        }
        return Measure.now() - started
    }

    /// Polls `condition` every millisecond; false when `timeout` seconds passed first.
    private func waitUntil(timeout: Double, _ condition: () throws -> Bool) async throws -> Bool {
        let deadline = Measure.now() + timeout
        while try !condition() {
            guard Measure.now() < deadline else { return false }
            try await Task.sleep(for: .milliseconds(1))
        }
        return true
    }
}

struct BenchError: Error, CustomStringConvertible {
    let text: String
    var description: String { text }
}
