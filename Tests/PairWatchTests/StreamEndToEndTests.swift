// SPDX-License-Identifier: Apache-2.0
import Foundation
import TestSupport
import Testing

/// A simulated feed with one pair on 1s bars (a snapshot a second) and a rule that fires 30 s after there is a
/// z-score: late enough that the clients are connected on a slow machine too (a daemon that takes long to start
/// has computed for a while before it listens).
private func streamingConfig(in folder: TemporaryDirectory) throws -> String {
    try temporaryConfig(
        """
        storage:
          path: \(folder.file("pairwatch.db"))
        feed:
          source: simulate
          simulate: {seed: 5, trades_per_second: 200}
        timeframes: [1s]
        pairs: [{a: BTCUSDT, b: ETHUSDT, window: 25, zscore_window: 10}]
        alerting:
          evaluation_interval: 1s
          rules:
            - {alert: StreamZscore, metric: abs_zscore, op: ">=", threshold: 0, for: 30s, severity: info}
        """, in: folder)
}

private func ids(_ events: [ServerSentEvent]) -> [UInt64] {
    events.compactMap { $0.id.flatMap(UInt64.init) }
}

@Test func stream_whenAClientReconnectsWithLastEventID_getsExactlyTheEventsItMissed() async throws {
    let folder = try TemporaryDirectory("pairwatch-stream")
    defer { folder.remove() }
    let (daemon, port) = try await RunningPairwatch.serve(["--config.file", try streamingConfig(in: folder)])
    defer { daemon.stop() }
    // A witness stays connected throughout: what the reconnecting client gets must be what it saw.
    let witness = try RawHTTPStream(port: port, path: "/api/v1/stream")
    let client = try RawHTTPStream(port: port, path: "/api/v1/stream")
    let seen = ServerSentEvent.parse(try await client.read(timeout: .seconds(60)) { ServerSentEvent.parse($0).count >= 3 })
    // Alerts may come among them on a slow machine, once the z-score exists.
    #expect(seen.allSatisfy { $0.event == "snapshot" || $0.event == "alert" })
    let first = try #require(seen.first { $0.event == "snapshot" })
    let snapshot = try #require(try JSONSerialization.jsonObject(with: Data(first.data.utf8)) as? [String: Any])
    #expect(snapshot["pair"] as? String == "BTCUSDT/ETHUSDT")
    #expect(snapshot["timeframe"] as? String == "1s")
    #expect(snapshot.keys.contains("zscore") && snapshot.keys.contains("half_life_seconds"))
    let metrics = parseExposition(try await httpGet(port: port, path: "/metrics").body)
    #expect(metrics["pairwatch_api_stream_clients"] == 2)
    client.disconnect()
    let last = try #require(ids(seen).last)

    // Events go on while it is away (the alert firing among them).
    let fired = { (event: ServerSentEvent) in event.event == "alert" && event.data.contains(#""to":"firing""#) }
    let witnessed = ServerSentEvent.parse(try await witness.read(timeout: .seconds(120)) { text in
        let events = ServerSentEvent.parse(text)
        return (ids(events).last ?? 0) >= last + 3 && events.contains(where: fired)
    })
    let alert = try #require(witnessed.first(where: fired))
    #expect(alert.data.contains(#""alertname":"StreamZscore""#))
    let target = try #require(ids(witnessed).last)

    let resumed = try RawHTTPStream(port: port, path: "/api/v1/stream", headers: ["Last-Event-ID": "\(last)"])
    let caughtUp = ServerSentEvent.parse(try await resumed.read(timeout: .seconds(60)) { (ids(ServerSentEvent.parse($0)).last ?? 0) >= target })
    #expect(!caughtUp.contains { $0.event == "reset" })
    let got = Array(caughtUp.prefix { ($0.id.flatMap(UInt64.init) ?? 0) <= target })
    #expect(ids(got) == Array((last + 1)...target))
    #expect(got == witnessed.filter { ($0.id.flatMap(UInt64.init) ?? 0) > last })

    // Shutdown ends the open streams rather than waiting for them.
    daemon.signal(SIGTERM)
    let status = try await withTimeout(.seconds(30), "pairwatch exits with streams open") { await daemon.waitForExit() }
    #expect(status == 0)
    try await witness.readToEnd(timeout: .seconds(10))
    try await resumed.readToEnd(timeout: .seconds(10))
}
