// SPDX-License-Identifier: Apache-2.0
import Foundation
import TestSupport
import Testing

/// With Binance unreachable the daemon keeps serving: ready, the feed reported down in the metrics, on the landing
/// page in words (with the hint for a demo) and in the log once per attempt with the retry delay.
@Test func serve_whenBinanceCannotBeReached_keepsServingAndSaysWhyTheFeedIsDown() async throws {
    let folder = try TemporaryDirectory("pairwatch-offline")
    defer { folder.remove() }
    // Port 1 on the loopback refuses at once: the same path as no network, without waiting for a timeout.
    let config = try temporaryConfig(
        """
        storage: {path: \(folder.file("pairwatch.db"))}
        feed:
          source: binance
          binance: {websocket_url: "ws://127.0.0.1:1/market/stream", rest_url: "http://127.0.0.1:1", max_reconnect_delay: 200ms}
        """, in: folder)
    let (daemon, port) = try await RunningPairwatch.serve(["--config.file", config])
    defer { daemon.stop() }
    #expect(try await waitUntilReady(port: port).isEmpty)
    let scrape = try await scrapeUntil(port: port) { ($0["pairwatch_feed_reconnects_total{reason=\"error\"}"] ?? 0) >= 2 }
    #expect(scrape["pairwatch_feed_up{connection=\"binance-0\"}"] == 0)
    #expect(scrape["pairwatch_feed_connects_total"] == 0)
    let page = try await httpGet(port: port, path: "/").body.split(whereSeparator: \.isWhitespace).joined(separator: " ")
    #expect(page.contains("<strong>Feed <code>binance-0</code> is down:</strong> connect to ws://127.0.0.1:1/market/stream failed: connection refused."), "\(page)")
    #expect(page.contains("<code>pairwatch serve --feed simulate</code>"))
    let attempts = daemon.stderr.split(separator: "\n").filter { $0.contains("connection refused") && $0.contains("retry") }
    #expect(attempts.count >= 2, "\(daemon.stderr)")
    daemon.signal(SIGTERM)
    #expect(await daemon.waitForExit() == 0)
}
