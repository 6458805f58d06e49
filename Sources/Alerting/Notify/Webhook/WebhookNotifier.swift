// SPDX-License-Identifier: Apache-2.0
import AsyncHTTPClient
import Crypto
import Foundation

/// A webhook receiver: one POST of Alertmanager's webhook payload (version 4) per notification, signed with
/// HMAC-SHA256 when the receiver has a secret, with an `Idempotency-Key` that stays the same across retries.
///
/// It makes exactly one attempt; the delivery worker decides about the next one from the outcome.
public struct WebhookNotifier: Notifier {
    public let name: String
    private let url: String
    private let key: SymmetricKey?
    private let externalURL: String
    private let delivery: HTTPDelivery

    /// `secret` is the HMAC key (the bytes of the secret file); `timeout` bounds the whole request; `externalURL`
    /// is pairwatch's own address (`generatorURL` points below it). `client` should not follow redirects
    /// (`HTTPClient.Configuration.notifiers`); one that does is caught, and its delivery rejected.
    public init(name: String, url: String, secret: [UInt8]?, timeout: Duration, externalURL: String, client: HTTPClient) {
        self.name = name
        self.url = url
        key = secret.map { SymmetricKey(data: $0) }
        self.externalURL = externalURL
        delivery = HTTPDelivery(client: client, timeout: timeout, nowMs: { Int64(Date().timeIntervalSince1970 * 1_000) })
    }

    public func send(_ notification: AlertNotification, idempotencyKey: String) async -> DeliveryOutcome {
        let payload = WebhookPayload(notification, receiver: name, externalURL: externalURL)
        let body: [UInt8]
        do {
            body = try HTTPDelivery.json(payload)
        } catch {
            return .rejected(reason: "encode the webhook payload: \(error)")
        }
        var headers = [("Content-Type", "application/json"), ("User-Agent", "pairwatch"), ("Idempotency-Key", idempotencyKey)]
        if let key { headers.append(("X-Pairwatch-Signature", Self.signature(of: body, key: key))) }
        return await delivery.post(url, headers: headers, body: body)
    }

    /// `sha256=<lowercase hex HMAC-SHA256 of body>`, the value of `X-Pairwatch-Signature`.
    public static func signature(of body: [UInt8], key: SymmetricKey) -> String {
        let code = HMAC<SHA256>.authenticationCode(for: body, using: key)
        return "sha256=" + code.map { byte in (byte < 16 ? "0" : "") + String(byte, radix: 16) }.joined()
    }
}
