// SPDX-License-Identifier: Apache-2.0
import Alerting
import AsyncHTTPClient
import Testing

private typealias Fixtures = NotifierFixtures

/// 2025-11-29T10:40:00.000Z, the notifier's "now".
private let nowMs: Int64 = 1_764_412_800_000

private func alertmanager(port: Int, client: HTTPClient, path: String = "") -> AlertmanagerNotifier {
    AlertmanagerNotifier(
        name: "am", url: "http://127.0.0.1:\(port)\(path)", timeout: .seconds(10), externalURL: Fixtures.externalURL,
        resendHorizon: .seconds(240), client: client, nowMs: { nowMs }
    )
}

@Test func alertmanager_whenAnAlertFires_postsAPostableAlertEndingOneHorizonAhead() async throws {
    let recorded = try await withReceiver { receiver, port, client in
        #expect(await alertmanager(port: port, client: client).send(Fixtures.firing(), idempotencyKey: "k") == .delivered)
        return receiver.requests
    }
    let request = try #require(recorded.first)
    #expect(recorded.count == 1 && request.method == "POST" && request.path == "/api/v2/alerts")
    #expect(request.headers["content-type"] == "application/json")
    let alerts = try #require(try jsonObject(request.body) as? [[String: Any]])
    let alert = try #require(alerts.first)
    #expect(alerts.count == 1)
    #expect(Set(alert.keys) == ["labels", "annotations", "startsAt", "endsAt", "generatorURL"])
    #expect(alert["labels"] as? [String: String] == Fixtures.labels)
    #expect(alert["annotations"] as? [String: String] == Fixtures.annotations)
    #expect(alert["startsAt"] as? String == "2025-11-29T10:33:22.123Z")
    #expect(alert["endsAt"] as? String == "2025-11-29T10:44:00.000Z")
    #expect(alert["generatorURL"] as? String == "http://127.0.0.1:9184/api/v1/alerts")
}

@Test func alertmanager_whenAnAlertResolves_endsItAtItsResolution() async throws {
    let recorded = try await withReceiver { receiver, port, client in
        // A trailing slash on the base address does not double the path's.
        _ = await alertmanager(port: port, client: client, path: "/").send(Fixtures.resolved(), idempotencyKey: "k")
        return receiver.requests
    }
    let request = try #require(recorded.first)
    let alert = try #require((try jsonObject(request.body) as? [[String: Any]])?.first)
    #expect(request.path == "/api/v2/alerts")
    #expect(alert["endsAt"] as? String == "2025-11-29T10:35:22.456Z")
}

@Test func alertmanager_whenPushingSeveral_sendsThemInOneRequest() async throws {
    let other = Fixtures.labels.merging(["pair": "SOLUSDT/ETHUSDT"]) { $1 }
    let recorded = try await withReceiver { receiver, port, client in
        let notifier = alertmanager(port: port, client: client)
        #expect(await notifier.push([]) == .delivered)
        #expect(await notifier.push([Fixtures.firing(), Fixtures.firing(labels: other), Fixtures.resolved()]) == .delivered)
        return receiver.requests
    }
    #expect(recorded.count == 1)
    let request = try #require(recorded.first)
    let alerts = try #require(try jsonObject(request.body) as? [[String: Any]])
    #expect(alerts.map { ($0["labels"] as? [String: String])?["pair"] } == ["BTCUSDT/ETHUSDT", "SOLUSDT/ETHUSDT", "BTCUSDT/ETHUSDT"])
    #expect(alerts.map { $0["endsAt"] as? String } == ["2025-11-29T10:44:00.000Z", "2025-11-29T10:44:00.000Z", "2025-11-29T10:35:22.456Z"])
}

@Test func alertmanager_whenTheAnswerIsAnErrorOrARedirect_mapsItAsTheWebhookDoes() async throws {
    let outcomes = try await withReceiver { receiver, port, client in
        receiver.script([
            .status(503, headers: [("Retry-After", "2")]), .status(400, body: #"{"message":"bad alert"}"#), .redirect(to: "/x"),
        ])
        let notifier = alertmanager(port: port, client: client)
        var outcomes: [DeliveryOutcome] = []
        for _ in 0..<3 { outcomes.append(await notifier.send(Fixtures.firing(), idempotencyKey: "k")) }
        return (outcomes, port)
    }
    let url = "http://127.0.0.1:\(outcomes.1)/api/v2/alerts"
    #expect(outcomes.0[0] == .retry(reason: "POST \(url): HTTP 503 Service Unavailable", after: .seconds(2)))
    #expect(outcomes.0[1] == .rejected(reason: #"POST \#(url): HTTP 400 Bad Request: {"message":"bad alert"}"#))
    #expect(outcomes.0[2] == .rejected(reason: "POST \(url): HTTP 301 Moved Permanently, redirect to /x not followed"))
}
