// SPDX-License-Identifier: Apache-2.0

/// One alert as Alertmanager's API v2 takes it (`postableAlert` in its `api/v2/openapi.yaml`): labels (required),
/// annotations, `startsAt`, `endsAt` (RFC 3339 date-times) and `generatorURL`.
public struct PostableAlert: Codable, Sendable, Equatable {
    public var labels: [String: String]
    public var annotations: [String: String]
    public var startsAt: String
    public var endsAt: String
    public var generatorURL: String

    /// `notification` as Prometheus sends it: a firing alert ends at `nowMs + resendHorizonMs`, so Alertmanager
    /// resolves it by itself if pairwatch stops re-sending; a resolved one ends when it resolved.
    public init(_ notification: AlertNotification, nowMs: Int64, resendHorizonMs: Int64, externalURL: String) {
        labels = notification.labels
        annotations = notification.annotations
        startsAt = AlertTimestamp.rfc3339(milliseconds: notification.startsAtMs)
        let endsAtMs =
            switch notification.status {
            case .firing: nowMs + resendHorizonMs
            case .resolved: notification.endsAtMs ?? nowMs
            }
        endsAt = AlertTimestamp.rfc3339(milliseconds: endsAtMs)
        generatorURL = WebhookPayload.generatorURL(externalURL: externalURL)
    }
}
