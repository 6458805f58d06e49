// SPDX-License-Identifier: Apache-2.0
import Foundation
import Logging
import MarketData
import Storage

/// Delivers one receiver's notifications from the outbox, oldest first, one at a time: a notification that fails is
/// retried (``RetryBackoff``) before any later one is sent, so a receiver sees them in order. A notification leaves
/// the outbox only once delivered, refused for good, or older than the maximum age; an attempt cut short by a
/// shutdown is made again after the restart with the same idempotency key.
final class DeliveryWorker<C: Clock<Duration>>: Sendable {
    let notifier: any Notifier
    private let wake = WakeSignal()
    private let context: DeliveryContext<C>
    private let logger: Logger
    private var settings: DeliverySettings { context.settings }
    private var statistics: AlertingStatistics { context.statistics }

    init(notifier: any Notifier, context: DeliveryContext<C>) {
        self.notifier = notifier
        self.context = context
        var logger = context.logger
        logger[metadataKey: "receiver"] = "\(notifier.name)"
        self.logger = logger
    }

    /// Tells the worker that the outbox has something new for it.
    func notify() { wake.signal() }

    /// Delivers until the task is cancelled.
    func run(seed: UInt64) async {
        var random = SplitMix64(seed: seed)
        var storageFailures = 0
        while !Task.isCancelled {
            let items: [OutboxItem]
            do {
                items = try await context.outbox.items(receiver: notifier.name, limit: 64)
                storageFailures = 0
            } catch {
                storageFailures += 1
                logger.error("cannot read the notification outbox", metadata: ["error": "\(error)"])
                guard await pause(settings.backoff.delay(afterFailures: storageFailures, random: &random)) else { return }
                continue
            }
            if items.isEmpty {
                await wake.wait()
                continue
            }
            for item in items {
                guard await deliver(item, random: &random) else { return }
            }
        }
    }

    /// Tries one notification until it leaves the outbox; false when cancelled first.
    private func deliver(_ item: OutboxItem, random: inout SplitMix64) async -> Bool {
        guard let notification = try? JSONDecoder().decode(AlertNotification.self, from: Data(item.payload)) else {
            logger.error("dropped an unreadable notification from the outbox", metadata: ["id": "\(item.id)"])
            await remove(item, as: .rejected)
            return true
        }
        var failures = item.attempts
        while true {
            let ageMs = context.nowMs() - item.createdMs
            if ageMs > settings.maxAgeMs {
                logger.warning(
                    "dropped a notification older than alerting.max_notification_age",
                    metadata: metadata(notification, ["age": "\(ageMs / 1_000)s", "attempts": "\(failures)"]))
                await remove(item, as: .expired)
                return true
            }
            let outcome = await notifier.send(notification, idempotencyKey: item.idempotencyKey)
            switch outcome {
            case .delivered:
                if failures > 0 { logger.info("notification delivered after failures", metadata: metadata(notification, ["attempts": "\(failures + 1)"])) }
                await remove(item, as: .delivered, latencySeconds: Double(max(0, context.nowMs() - item.createdMs)) / 1_000)
                return true
            case .rejected(let reason):
                logger.error("receiver refused a notification; it is dropped", metadata: metadata(notification, ["reason": "\(reason)"]))
                await remove(item, as: .rejected)
                return true
            case .retry(let reason, let after):
                if Task.isCancelled { return false }
                failures += 1
                statistics.record(.failed, receiver: notifier.name)
                try? await context.outbox.recordAttempt(id: item.id)
                let delay = settings.backoff.delay(afterFailures: failures, retryAfter: after, random: &random)
                // The first failure of a streak is worth a warning; the rest of an outage would only repeat it.
                let level: Logger.Level = failures - item.attempts == 1 ? .warning : .debug
                logger.log(
                    level: level, "notification failed; retrying",
                    metadata: metadata(notification, ["reason": "\(reason)", "attempts": "\(failures)", "retry_in": "\(delay)"]))
                guard await pause(delay) else { return false }
            }
        }
    }

    private func remove(_ item: OutboxItem, as result: AlertingStatistics.Result, latencySeconds: Double? = nil) async {
        do {
            try await context.outbox.remove(id: item.id)
        } catch {
            // It stays in the outbox and is sent again with the same idempotency key, which receivers deduplicate.
            logger.error("cannot remove a notification from the outbox", metadata: ["id": "\(item.id)", "error": "\(error)"])
        }
        statistics.record(result, receiver: notifier.name, latencySeconds: latencySeconds)
    }

    private func pause(_ delay: Duration) async -> Bool {
        do {
            try await context.clock.sleep(for: delay)
            return true
        } catch {
            return false
        }
    }

    private func metadata(_ notification: AlertNotification, _ extra: Logger.Metadata) -> Logger.Metadata {
        var metadata = extra
        metadata["alertname"] = "\(notification.alertName)"
        metadata["status"] = "\(notification.status.rawValue)"
        metadata["fingerprint"] = "\(notification.fingerprint)"
        return metadata
    }
}

/// How notifications are retried and when they are given up.
public struct DeliverySettings: Sendable {
    public var backoff: RetryBackoff
    /// `alerting.max_notification_age` in milliseconds.
    public var maxAgeMs: Int64

    public init(backoff: RetryBackoff = RetryBackoff(), maxAgeMs: Int64 = 86_400_000) {
        self.backoff = backoff
        self.maxAgeMs = maxAgeMs
    }
}

/// What every delivery worker shares: the outbox, the retry settings, the clocks, the counters and the log.
struct DeliveryContext<C: Clock<Duration>>: Sendable {
    let outbox: OutboxQueue
    let settings: DeliverySettings
    let clock: C
    let nowMs: @Sendable () -> Int64
    let statistics: AlertingStatistics
    let logger: Logger
}
