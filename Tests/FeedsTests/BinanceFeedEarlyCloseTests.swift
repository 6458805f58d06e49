// SPDX-License-Identifier: Apache-2.0
import Logging
import MarketData
import TestSupport
import Testing

@testable import Feeds

@Test func hangUpServer_acceptValue_isRFC6455s() {
    // The example of RFC 6455, section 1.3: a wrong value would fail every upgrade and prove nothing below.
    #expect(HangUpServer.accept("dGhlIHNhbXBsZSBub25jZQ==") == "s3pPLMBiTxaQ9kYGzzhZRbK+xOo=")
}

/// A server that closes each connection in the same breath as it accepts the upgrade: the close must end the
/// connection at once, every time, not when the watchdog gives up on it. The watchdog is set far beyond the test's
/// bound, so it cannot be what notices.
@Test func binanceFeed_whenTheServerClosesRightAfterTheUpgrade_reconnectsAtOnceEveryTime() async throws {
    let seed = testSeed()
    let rounds = 50
    let server = try HangUpServer()
    defer { server.stop() }
    let log = LogRecorder()
    let statistics = FeedStatistics()
    let settings = BinanceFeedSettings(
        websocketURL: "ws://127.0.0.1:\(server.port)/market/stream", restURL: "http://127.0.0.1:9", staleAfter: .seconds(600),
        initialBackoff: .milliseconds(2), maximumBackoff: .milliseconds(10)
    )
    let feed = BinanceFeed(symbols: ["BTCUSDT"], settings: settings, clock: ContinuousClock(), statistics: statistics, seed: seed, logger: log.logger) { _ in }
    let running = Task { try await feed.run() }
    defer { running.cancel() }
    var served = 0
    while served < rounds {
        let before = served
        do {
            try await withTimeout(.seconds(20), "connection \(before + 1)") {
                while server.connections == before { try await Task.sleep(for: .milliseconds(2)) }
            }
        } catch {
            let entries = log.entries.suffix(8).map { "\($0.message) \($0.metadata)" }.joined(separator: "\n")
            Issue.record("seed \(seed): the close of connection \(served) went unnoticed for 20 s\n\(entries)")
            throw error
        }
        served = server.connections
    }
    // Each connection was opened (the upgrade succeeded) and each end was noticed as the server's doing.
    #expect(statistics.snapshot.connects >= UInt64(rounds - 1), "seed \(seed)")
    #expect(statistics.snapshot.reconnects[.stale, default: 0] == 0, "seed \(seed)")
}
