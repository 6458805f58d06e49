// SPDX-License-Identifier: Apache-2.0

/// Alertmanager's webhook payload, version 4, for one alert: what Alertmanager's `webhook_config` receivers get,
/// so a receiver written for Alertmanager (Slack bridges, PagerDuty proxies, ntfy…) accepts pairwatch's as it is.
///
/// pairwatch groups nothing: each notification is one group of one alert, grouped by `alertname`, `pair` and
/// `timeframe`, so `commonLabels` and `commonAnnotations` are the alert's own.
public struct WebhookPayload: Codable, Sendable, Equatable {
    /// One entry of `alerts`.
    public struct Alert: Codable, Sendable, Equatable {
        public var status: String
        public var labels: [String: String]
        public var annotations: [String: String]
        /// RFC 3339, UTC, milliseconds.
        public var startsAt: String
        /// RFC 3339, UTC, milliseconds; Go's zero time (`0001-01-01T00:00:00Z`) while firing, as Alertmanager sends.
        public var endsAt: String
        public var generatorURL: String
        public var fingerprint: String
    }

    /// The labels a group is made of.
    public static let groupBy = ["alertname", "pair", "timeframe"]

    public var version: String
    public var groupKey: String
    public var truncatedAlerts: Int
    public var status: String
    public var receiver: String
    public var groupLabels: [String: String]
    public var commonLabels: [String: String]
    public var commonAnnotations: [String: String]
    public var externalURL: String
    public var alerts: [Alert]

    /// The payload for `notification` sent to the receiver `receiver`; `externalURL` is pairwatch's own address.
    public init(_ notification: AlertNotification, receiver: String, externalURL: String) {
        let status = notification.status.rawValue
        let groupLabels = notification.labels.filter { Self.groupBy.contains($0.key) }
        version = "4"
        groupKey = "{}:" + Self.labelSetString(groupLabels)
        truncatedAlerts = 0
        self.status = status
        self.receiver = receiver
        self.groupLabels = groupLabels
        commonLabels = notification.labels
        commonAnnotations = notification.annotations
        self.externalURL = externalURL
        let alert = Alert(
            status: status, labels: notification.labels, annotations: notification.annotations,
            startsAt: AlertTimestamp.rfc3339(milliseconds: notification.startsAtMs),
            endsAt: notification.endsAtMs.map { AlertTimestamp.rfc3339(milliseconds: $0) } ?? AlertTimestamp.zero,
            generatorURL: Self.generatorURL(externalURL: externalURL), fingerprint: notification.fingerprint
        )
        alerts = [alert]
    }

    /// Where a reader of the alert finds pairwatch's list of alerts.
    public static func generatorURL(externalURL: String) -> String {
        (externalURL.hasSuffix("/") ? externalURL : externalURL + "/") + "api/v1/alerts"
    }

    /// Prometheus' `LabelSet.String()`: `{a="x", b="y"}`, names in order, values quoted as Go's `%q` does.
    static func labelSetString(_ labels: [String: String]) -> String {
        let pairs = labels.keys.sorted(by: { $0.utf8.lexicographicallyPrecedes($1.utf8) }).map { name in
            "\(name)=\(goQuoted(labels[name] ?? ""))"
        }
        return "{" + pairs.joined(separator: ", ") + "}"
    }

    /// Go's `strconv.Quote` for the characters label values hold: quotes and backslashes escaped, the C escapes
    /// for control characters that have one, `\xNN` for the other ASCII controls, `\u00NN` for the C1 controls.
    static func goQuoted(_ value: String) -> String {
        let named: [Unicode.Scalar: String] = [
            "\"": "\\\"", "\\": "\\\\", "\u{07}": "\\a", "\u{08}": "\\b", "\u{0C}": "\\f", "\n": "\\n", "\r": "\\r",
            "\t": "\\t", "\u{0B}": "\\v",
        ]
        var quoted = "\""
        for scalar in value.unicodeScalars {
            if let escape = named[scalar] {
                quoted += escape
            } else if scalar.value < 0x20 || scalar.value == 0x7f {
                quoted += "\\x" + hex(scalar.value, digits: 2)
            } else if (0x80...0x9f).contains(scalar.value) {
                quoted += "\\u" + hex(scalar.value, digits: 4)
            } else {
                quoted.unicodeScalars.append(scalar)
            }
        }
        return quoted + "\""
    }

    private static func hex(_ value: UInt32, digits: Int) -> String {
        let text = String(value, radix: 16)
        return String(repeating: "0", count: max(digits - text.count, 0)) + text
    }
}
