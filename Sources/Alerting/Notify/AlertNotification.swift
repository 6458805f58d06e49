// SPDX-License-Identifier: Apache-2.0

/// One alert as every receiver is told of it: the neutral form kept in the outbox, which each notifier renders in
/// its own protocol (Alertmanager's webhook payload, its `/api/v2/alerts` body, journal fields) when it sends.
public struct AlertNotification: Codable, Sendable, Equatable {
    public enum Status: String, Codable, Sendable {
        case firing, resolved
    }

    public var status: Status
    /// `alertname`, `pair`, `timeframe`, `severity` and the rule's own labels.
    public var labels: [String: String]
    /// The rule's rendered annotations plus `value` and `threshold`.
    public var annotations: [String: String]
    /// When the alert started firing (milliseconds since the epoch).
    public var startsAtMs: Int64
    /// When it resolved; nil while firing.
    public var endsAtMs: Int64?
    /// Alertmanager's fingerprint of `labels` (16 hex digits).
    public var fingerprint: String
    /// The value that caused the transition; nil when it could not be computed.
    public var value: Double?
    public var threshold: Double

    public init(
        status: Status, labels: [String: String], annotations: [String: String], startsAtMs: Int64, endsAtMs: Int64?, fingerprint: String,
        value: Double?, threshold: Double
    ) {
        self.status = status
        self.labels = labels
        self.annotations = annotations
        self.startsAtMs = startsAtMs
        self.endsAtMs = endsAtMs
        self.fingerprint = fingerprint
        self.value = value
        self.threshold = threshold
    }

    public var alertName: String { labels["alertname"] ?? "" }
}

/// What a notifier made of one attempt to deliver.
public enum DeliveryOutcome: Sendable, Equatable {
    case delivered
    /// Worth trying again (connection refused, timeout, 5xx, 429); `after` is the receiver's `Retry-After`, if any.
    case retry(reason: String, after: Duration?)
    /// Trying again cannot help (4xx, a redirect): counted, logged and dropped.
    case rejected(reason: String)
}

/// One receiver: it sends one notification per call, and says whether to retry.
public protocol Notifier: Sendable {
    /// The receiver's name, the `receiver` label of the notification metrics.
    var name: String { get }
    /// Sends one notification; `idempotencyKey` is the same on every attempt at the same notification.
    func send(_ notification: AlertNotification, idempotencyKey: String) async -> DeliveryOutcome
}
