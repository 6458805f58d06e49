// SPDX-License-Identifier: Apache-2.0
import Alerting
import BenchSupport
import Foundation
import Storage

/// Where a delivery's time goes: the stages of ``DeliveryRun`` one at a time over the same outbox messages, each
/// timed alone: the outbox's reads and removals (a fresh store), decoding the stored notification, and the
/// notifier's attempt (render, sign, POST, answer) to the same receiver.
struct DeliveryStages {
    struct Result {
        var count = 0
        var outbox = 0.0
        var decode = 0.0
        var send = 0.0
    }

    let messages: [OutboxMessage]
    let path: String

    func run(notifier: WebhookNotifier) async throws -> Result {
        var result = Result(count: messages.count)
        let store = AlertStore(database: try TradeDatabase(path: path))
        try store.record(saving: [], removing: [], enqueuing: messages)
        var started = Measure.now()
        while case let items = try store.outbox(receiver: DeliveryRun.receiver, limit: 64), !items.isEmpty {
            for item in items { try store.removeOutboxItem(id: item.id) }
        }
        result.outbox = Measure.now() - started
        started = Measure.now()
        let notifications = try messages.map { try JSONDecoder().decode(AlertNotification.self, from: Data($0.payload)) }
        result.decode = Measure.now() - started
        started = Measure.now()
        for (index, notification) in notifications.enumerated() {
            let outcome = await notifier.send(notification, idempotencyKey: "stage-\(index)")
            guard outcome == .delivered else { throw BenchError(text: "stage send \(index): \(outcome)") }
        }
        result.send = Measure.now() - started
        return result
    }

    static func report(_ result: Result, baseline: Double) {
        let perItem = { (seconds: Double) in String(format: "%.0f µs", seconds / Double(max(result.count, 1)) * 1e6) }
        print("  stages per notification, each alone: outbox read and remove \(perItem(result.outbox)), decode \(perItem(result.decode)), "
            + "WebhookNotifier.send \(perItem(result.send)); bare POST \(perItem(baseline))")
    }
}
