// SPDX-License-Identifier: Apache-2.0
import AsyncHTTPClient

/// An Alertmanager: alerts are POSTed to its `/api/v2/alerts` as Prometheus does, a firing one with an `endsAt` a
/// resend horizon ahead (re-sent while it fires), a resolved one with its resolution time.
///
/// Alertmanager does its own grouping, deduplication (by the labels' fingerprint) and routing, so the same alert
/// sent twice is harmless and no idempotency key is needed. One call is one attempt.
public struct AlertmanagerNotifier: Notifier {
    public let name: String
    private let endpoint: String
    private let externalURL: String
    private let resendHorizonMs: Int64
    private let nowMs: @Sendable () -> Int64
    private let delivery: HTTPDelivery

    /// `url` is Alertmanager's base address (`http://127.0.0.1:9093`); `resendHorizon` how far ahead a firing
    /// alert's `endsAt` is put; `client` should not follow redirects (`HTTPClient.Configuration.notifiers`).
    public init(
        name: String, url: String, timeout: Duration, externalURL: String, resendHorizon: Duration, client: HTTPClient,
        nowMs: @escaping @Sendable () -> Int64
    ) {
        self.name = name
        endpoint = (url.hasSuffix("/") ? String(url.dropLast()) : url) + "/api/v2/alerts"
        self.externalURL = externalURL
        resendHorizonMs = HTTPDelivery.nanoseconds(resendHorizon) / 1_000_000
        self.nowMs = nowMs
        delivery = HTTPDelivery(client: client, timeout: timeout, nowMs: nowMs)
    }

    public func send(_ notification: AlertNotification, idempotencyKey: String) async -> DeliveryOutcome {
        await push([notification])
    }

    /// Sends `notifications` in one request (the periodic re-send of every firing alert); nothing to send is
    /// delivered at once.
    public func push(_ notifications: [AlertNotification]) async -> DeliveryOutcome {
        guard !notifications.isEmpty else { return .delivered }
        let now = nowMs()
        let alerts = notifications.map { PostableAlert($0, nowMs: now, resendHorizonMs: resendHorizonMs, externalURL: externalURL) }
        let body: [UInt8]
        do {
            body = try HTTPDelivery.json(alerts)
        } catch {
            return .rejected(reason: "encode the alerts for \(endpoint): \(error)")
        }
        return await delivery.post(endpoint, headers: [("Content-Type", "application/json"), ("User-Agent", "pairwatch")], body: body)
    }
}

/// Alertmanager forgets a firing alert once its `endsAt` passes, so the alerting service repeats the firing ones.
extension AlertmanagerNotifier: ResendingNotifier {}
