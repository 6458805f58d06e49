// SPDX-License-Identifier: Apache-2.0
import BinanceMock
import Logging
import MarketData
import Synchronization
import TestSupport
import Testing

@testable import Feeds

/// Polls `condition` (a network event the test cannot drive by a clock) until it holds or `timeout` passes.
func eventually(_ what: String, timeout: Duration = .seconds(60), _ condition: () -> Bool) async throws {
    let deadline = ContinuousClock.now + timeout
    while !condition() {
        if ContinuousClock.now >= deadline { throw TimeoutError("\(what): not within \(timeout)") }
        try await Task.sleep(for: .milliseconds(10))
    }
}

/// Runs a feed on a manual clock against `websocketURL`, which cannot be reached, through three failed attempts.
private func runOffline(websocketURL: String) async throws -> (FeedStatistics.Snapshot, LogRecorder) {
    let clock = ManualClock()
    let statistics = FeedStatistics()
    let log = LogRecorder()
    // The watchdog's bound on a hanging connect stays out of reach of the three minutes the clock moves here, so every
    // failure is the refusal itself, not a timeout of an attempt the clock overtook.
    let settings = BinanceFeedSettings(websocketURL: websocketURL, restURL: "http://127.0.0.1:1", staleAfter: .seconds(600))
    let feed = BinanceFeed(
        symbols: ["BTCUSDT", "ETHUSDT"], settings: settings, resumeFrom: ["BTCUSDT": 10], clock: clock, nowMs: { 0 },
        statistics: statistics, seed: testSeed("offline \(websocketURL)"), logger: log.logger
    ) { _ in Issue.record("an offline feed delivered trades") }
    let task = Task { try await feed.run() }
    for attempt in 1...3 {
        try await eventually("failed attempt \(attempt)") { statistics.snapshot.reconnects[.error, default: 0] >= UInt64(attempt) }
        // Only the backoff sleeps now (the attempt's watchdog and rotation timer are gone): the next attempt is due
        // once the clock passes the drawn delay, at most a minute.
        try await clock.waitForSleepers(1)
        await clock.advance(by: .seconds(60))
    }
    task.cancel()
    try await withTimeout(.seconds(30), "the offline feed after cancellation") { try await task.value }
    return (statistics.snapshot, log)
}

@Test func binanceFeed_whenThePortIsClosed_keepsRetryingSaysWhyAndEndsOnCancellation() async throws {
    let (snapshot, log) = try await runOffline(websocketURL: "ws://127.0.0.1:1/market/stream")
    let connection = try #require(snapshot.connections["binance-0"])
    #expect(connection.up == false)
    let problem = try #require(connection.problem)
    #expect(problem == "connect to ws://127.0.0.1:1/market/stream failed: connection refused")
    #expect(snapshot.connects == 0)
    #expect(snapshot.reconnects[.error, default: 0] >= 3)
    #expect(snapshot.gaps == ["BTCUSDT": 0, "ETHUSDT": 0])
    let retries = log.entries.filter { $0.message == "binance connection down; reconnecting" }
    #expect(retries.count >= 3)
    #expect(retries.allSatisfy { $0.level == .warning && $0.metadata["retry_in"]?.wholeMatch(of: /[0-9]+\.[0-9]{2}s/) != nil && $0.metadata["problem"] == problem })
}

@Test func binanceFeed_whenTheHostDoesNotResolve_keepsRetryingAndSaysSo() async throws {
    let (snapshot, _) = try await runOffline(websocketURL: "ws://pairwatch-test.invalid/market/stream")
    let connection = try #require(snapshot.connections["binance-0"])
    #expect(connection.up == false)
    let problem = try #require(connection.problem)
    #expect(problem.hasPrefix("connect to ws://pairwatch-test.invalid/market/stream failed: cannot resolve the host"), "\(problem)")
    #expect(snapshot.reconnects[.error, default: 0] >= 3)
}

@Test func binanceFeed_whenTheServerRefusesTheUpgrade_saysSoAndKeepsRetrying() async throws {
    try await withMockExchange(limit: .seconds(60)) { _, port in
        let clock = ManualClock()
        let statistics = FeedStatistics()
        // An HTTP route of the mock answers the upgrade request with a plain response, as Binance does with 451.
        let url = "ws://127.0.0.1:\(port)/fapi/v1/ping"
        let settings = BinanceFeedSettings(websocketURL: url, restURL: "http://127.0.0.1:\(port)", staleAfter: .seconds(600))
        let feed = BinanceFeed(
            symbols: ["BTCUSDT"], settings: settings, clock: clock, statistics: statistics, seed: 3, logger: LogRecorder().logger
        ) { _ in }
        let task = Task { try await feed.run() }
        try await eventually("a refused upgrade") { statistics.snapshot.reconnects[.error, default: 0] >= 1 }
        try await clock.waitForSleepers(1)
        await clock.advance(by: .seconds(60))
        try await eventually("a second refused upgrade") { statistics.snapshot.reconnects[.error, default: 0] >= 2 }
        task.cancel()
        try await task.value
        let connection = statistics.snapshot.connections["binance-0"]
        #expect(connection?.up == false)
        #expect(connection?.problem == "\(url) refused the WebSocket upgrade (an HTTP error such as 451 or 403)")
    }
}
