// SPDX-License-Identifier: Apache-2.0
import Alerting
import AsyncHTTPClient
import TestSupport
import Testing

private typealias Fixtures = NotifierFixtures

/// The outcome of one send against a receiver that answers `reply`, and the requests it saw.
private func outcome(
    of reply: RecordingReceiver.Reply, timeout: Duration = .seconds(10), configuration: HTTPClient.Configuration = .notifiers
) async throws -> (DeliveryOutcome, [RecordingReceiver.Recorded]) {
    try await withReceiver(configuration: configuration) { receiver, port, client in
        receiver.script([reply])
        let notifier = WebhookNotifier(
            name: "ops", url: "http://127.0.0.1:\(port)/hook", secret: [1, 2, 3], timeout: timeout, externalURL: Fixtures.externalURL,
            client: client
        )
        return (await notifier.send(Fixtures.firing(), idempotencyKey: "k"), receiver.requests)
    }
}

private func reason(_ outcome: DeliveryOutcome) -> String {
    switch outcome {
    case .delivered: ""
    case .retry(let reason, _), .rejected(let reason): reason
    }
}

@Test func webhookOutcome_whenTheReceiverAnswers2xx_isDelivered() async throws {
    #expect(try await outcome(of: .ok).0 == .delivered)
    #expect(try await outcome(of: .status(204)).0 == .delivered)
}

@Test func webhookOutcome_whenTheReceiverFails5xxOr408_isRetriedWithoutADelay() async throws {
    let (failed, _) = try await outcome(of: .status(500, body: "database is down"))
    let url = "http://127.0.0.1:\(try port(in: failed))/hook"
    #expect(failed == .retry(reason: "POST \(url): HTTP 500 Internal Server Error: database is down", after: nil))
    guard case .retry(_, nil) = try await outcome(of: .status(408)).0 else { Issue.record("408 is not retried"); return }
    guard case .retry(_, nil) = try await outcome(of: .status(503)).0 else { Issue.record("503 is not retried"); return }
}

@Test func webhookOutcome_whenTooManyRequestsWithRetryAfter_isRetriedAfterIt() async throws {
    let (seconds, _) = try await outcome(of: .status(429, headers: [("Retry-After", "7")]))
    guard case .retry(let why, .seconds(7)) = seconds else { Issue.record("\(seconds)"); return }
    #expect(why.hasSuffix("HTTP 429 Too Many Requests"))
    // An HTTP-date a long way ahead: the delay is what is left until then, counted on the wall clock.
    let (date, _) = try await outcome(of: .status(503, headers: [("Retry-After", "Fri, 31 Dec 9999 23:59:59 GMT")]))
    guard case .retry(_, .some(let after)) = date else { Issue.record("\(date)"); return }
    #expect(after > .seconds(7_000 * 365 * 86_400))
}

@Test func webhookOutcome_whenTheReceiverRefuses4xx_isRejectedNamingStatusAndBodyStart() async throws {
    let long = String(repeating: "x", count: 300)
    let (refused, requests) = try await outcome(of: .status(404, body: "no such hook\n" + long))
    let text = reason(refused)
    guard case .rejected = refused else { Issue.record("\(refused)"); return }
    #expect(text.contains("HTTP 404 Not Found: no such hook "))
    // The first 200 bytes of the body, not more.
    #expect(text.hasSuffix(": no such hook " + String(repeating: "x", count: 200 - 13)))
    #expect(requests.count == 1)
}

@Test func webhookOutcome_whenRedirected_doesNotFollowAndIsRejectedNamingTheLocation() async throws {
    let (moved, requests) = try await outcome(of: .redirect(301, to: "http://127.0.0.1:1/elsewhere"))
    guard case .rejected(let why) = moved else { Issue.record("\(moved)"); return }
    #expect(why.contains("HTTP 301") && why.contains("http://127.0.0.1:1/elsewhere"))
    #expect(requests.count == 1)
}

@Test func webhookOutcome_whenTheClientWouldFollowRedirects_stillNeitherResendsTheBodyNorCountsItDelivered() async throws {
    // 307 keeps method and body; the body is not replayable, so the client cannot send it on.
    let (kept, keptRequests) = try await outcome(of: .redirect(307, to: "/elsewhere"), configuration: HTTPClient.Configuration())
    guard case .rejected(let why) = kept else { Issue.record("\(kept)"); return }
    #expect(why.contains("HTTP 307") && why.contains("/elsewhere") && keptRequests.count == 1)
    // 301 turns the POST into a bodiless GET, which such a client follows: the answer to that is not a delivery.
    let (moved, movedRequests) = try await outcome(of: .redirect(301, to: "/elsewhere"), configuration: HTTPClient.Configuration())
    guard case .rejected(let followed) = moved else { Issue.record("\(moved)"); return }
    #expect(followed.contains("redirected to") && followed.contains("/elsewhere"))
    #expect(movedRequests.map(\.method) == ["POST", "GET"] && movedRequests[1].body.isEmpty)
}

@Test func webhookOutcome_whenTheReceiverDoesNotAnswerInTime_isRetried() async throws {
    let (late, requests) = try await outcome(of: .hang, timeout: .seconds(1))
    #expect(late == .retry(reason: "POST http://127.0.0.1:\(try port(in: late))/hook: no answer within 1s", after: nil))
    #expect(requests.count == 1)
}

@Test func webhookOutcome_whenTheReceiverIsDown_isRetried() async throws {
    let receiver = RecordingReceiver()
    let port = try await receiver.start()
    await receiver.stop()
    let client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: .notifiers)
    let notifier = WebhookNotifier(
        name: "ops", url: "http://127.0.0.1:\(port)/hook", secret: nil, timeout: .seconds(5), externalURL: Fixtures.externalURL,
        client: client
    )
    let refused = await notifier.send(Fixtures.firing(), idempotencyKey: "k")
    try await client.shutdown()
    guard case .retry(let why, nil) = refused else { Issue.record("\(refused)"); return }
    #expect(why.hasPrefix("POST http://127.0.0.1:\(port)/hook: ") && why.lowercased().contains("refused"))
}

/// The receiver's port as the reason names it.
private func port(in outcome: DeliveryOutcome) throws -> Int {
    let text = reason(outcome)
    let afterHost = try #require(text.split(separator: "127.0.0.1:").dropFirst().first)
    return try #require(Int(afterHost.prefix { $0.isNumber }))
}
