// SPDX-License-Identifier: Apache-2.0
import Alerting
import AsyncHTTPClient
import Crypto
import Foundation
import Testing

private typealias Fixtures = NotifierFixtures

private func webhook(port: Int, client: HTTPClient, secret: [UInt8]? = nil, timeout: Duration = .seconds(10)) -> WebhookNotifier {
    WebhookNotifier(
        name: "ops", url: "http://127.0.0.1:\(port)/hook", secret: secret, timeout: timeout, externalURL: Fixtures.externalURL,
        client: client
    )
}

@Test func webhook_whenAnAlertFires_postsAlertmanagersVersion4PayloadWithItsKeysAndTypes() async throws {
    let recorded = try await withReceiver { receiver, port, client in
        let outcome = await webhook(port: port, client: client).send(Fixtures.firing(), idempotencyKey: "k-1")
        #expect(outcome == .delivered)
        return receiver.requests
    }
    let request = try #require(recorded.first)
    #expect(recorded.count == 1 && request.method == "POST" && request.path == "/hook")
    let payload = try #require(try jsonObject(request.body) as? [String: Any])
    #expect(
        Set(payload.keys) == [
            "version", "groupKey", "truncatedAlerts", "status", "receiver", "groupLabels", "commonLabels", "commonAnnotations",
            "externalURL", "alerts",
        ]
    )
    #expect(payload["version"] as? String == "4")
    #expect(payload["groupKey"] as? String == #"{}:{alertname="SpreadZscoreHigh", pair="BTCUSDT/ETHUSDT", timeframe="1m"}"#)
    // An integer, not a string or a float: checked on the text, since JSONSerialization blurs numbers and booleans.
    #expect(payload["truncatedAlerts"] as? Int == 0 && request.text.contains(#""truncatedAlerts":0,"#))
    #expect(payload["status"] as? String == "firing" && payload["receiver"] as? String == "ops")
    #expect(payload["groupLabels"] as? [String: String] == ["alertname": "SpreadZscoreHigh", "pair": "BTCUSDT/ETHUSDT", "timeframe": "1m"])
    #expect(payload["commonLabels"] as? [String: String] == Fixtures.labels)
    #expect(payload["commonAnnotations"] as? [String: String] == Fixtures.annotations)
    #expect(payload["externalURL"] as? String == Fixtures.externalURL)
    let alerts = try #require(payload["alerts"] as? [[String: Any]])
    let alert = try #require(alerts.first)
    #expect(alerts.count == 1)
    #expect(Set(alert.keys) == ["status", "labels", "annotations", "startsAt", "endsAt", "generatorURL", "fingerprint"])
    #expect(alert["status"] as? String == "firing")
    #expect(alert["labels"] as? [String: String] == Fixtures.labels)
    #expect(alert["annotations"] as? [String: String] == Fixtures.annotations)
    #expect(alert["startsAt"] as? String == "2025-11-29T10:33:22.123Z")
    #expect(alert["endsAt"] as? String == "0001-01-01T00:00:00Z")
    #expect(alert["generatorURL"] as? String == "http://127.0.0.1:9184/api/v1/alerts")
    #expect(alert["fingerprint"] as? String == "af5fe4d397a4353b")
}

@Test func webhook_whenAnAlertResolves_sendsResolvedWithItsEnd() async throws {
    let recorded = try await withReceiver { receiver, port, client in
        _ = await webhook(port: port, client: client).send(Fixtures.resolved(), idempotencyKey: "k-2")
        return receiver.requests
    }
    let request = try #require(recorded.first)
    let payload = try #require(try jsonObject(request.body) as? [String: Any])
    let alert = try #require((payload["alerts"] as? [[String: Any]])?.first)
    #expect(payload["status"] as? String == "resolved" && alert["status"] as? String == "resolved")
    #expect(alert["startsAt"] as? String == "2025-11-29T10:33:22.123Z" && alert["endsAt"] as? String == "2025-11-29T10:35:22.456Z")
}

@Test func webhook_whenSending_setsContentTypeUserAgentAndTheGivenIdempotencyKey() async throws {
    let recorded = try await withReceiver { receiver, port, client in
        receiver.script([.status(500)])
        let notifier = webhook(port: port, client: client)
        // Two attempts at one notification: the key must not change between them.
        _ = await notifier.send(Fixtures.firing(), idempotencyKey: "outbox-42")
        _ = await notifier.send(Fixtures.firing(), idempotencyKey: "outbox-42")
        return receiver.requests
    }
    #expect(recorded.count == 2)
    for request in recorded {
        #expect(request.headers["idempotency-key"] == "outbox-42")
        #expect(request.headers["content-type"] == "application/json" && request.headers["user-agent"] == "pairwatch")
        #expect(request.headers["x-pairwatch-signature"] == nil)
    }
    #expect(recorded[0].body == recorded[1].body)
}

@Test func webhook_whenGivenASecret_signsTheExactBodyWithHMACSHA256() async throws {
    let secret = Array("s3cret-key\n".utf8)
    let recorded = try await withReceiver { receiver, port, client in
        _ = await webhook(port: port, client: client, secret: secret).send(Fixtures.firing(), idempotencyKey: "k")
        return receiver.requests
    }
    let request = try #require(recorded.first)
    let expected = HMAC<SHA256>.authenticationCode(for: request.body, using: SymmetricKey(data: secret))
    let hex = expected.map { String(format: "%02x", $0) }.joined()
    #expect(request.headers["x-pairwatch-signature"] == "sha256=" + hex)
    #expect(hex.count == 64)
    // A signature over other bytes (here: other key) would not match.
    let other = HMAC<SHA256>.authenticationCode(for: request.body, using: SymmetricKey(data: Array("s3cret-key".utf8)))
    #expect(request.headers["x-pairwatch-signature"] != "sha256=" + other.map { String(format: "%02x", $0) }.joined())
}
