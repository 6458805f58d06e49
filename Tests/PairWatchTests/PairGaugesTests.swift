// SPDX-License-Identifier: Apache-2.0
import Foundation
import TestSupport
import Testing


/// A daemon replaying `minutes` of cointegrated trades as fast as it can, into a database in `folder`.
private func replayConfig(_ folder: TemporaryDirectory, pairs: String, minutes: Int = 150, extra: String = "") throws -> String {
    let trades = folder.file("trades.csv")
    try cointegratedTrades(minutes: minutes, seed: 42).write(toFile: trades, atomically: true, encoding: .utf8)
    let config = folder.file("pairwatch.yml")
    try """
        storage: {path: \(folder.file("pairwatch.db")), retention: 5000d, bar_retention: 5000d}
        feed: {source: replay, replay: {file: \(trades), speed: 0}}
        timeframes: [1m, 5m]
        pairs:
        \(pairs)
        \(extra)
        """.write(toFile: config, atomically: true, encoding: .utf8)
    return config
}

private let twoPairs = """
      - {a: AAAUSDT, b: BBBUSDT, window: 100, zscore_window: 30, timeframes: [1m]}
      - {a: CCCUSDT, b: BBBUSDT, window: 20, zscore_window: 10, method: ols}
    """

@Test func serve_whenReplayEnds_exportsPairGaugesThatPromtoolAccepts() async throws {
    let folder = try TemporaryDirectory("pairwatch-gauges")
    defer { folder.remove() }
    let (daemon, port) = try await RunningPairwatch.serve(["--config.file", try replayConfig(folder, pairs: twoPairs)])
    defer { daemon.stop() }
    let samples = try await scrapeUntil(port: port) { $0["pairwatch_pair_window_samples\(label("AAAUSDT/BBBUSDT"))"] == 100 }
    for family in ["hedge_ratio", "intercept", "spread", "zscore", "adf_statistic", "adf_pvalue", "coint_pvalue", "half_life_seconds",
                   "correlation", "window_samples", "last_update_timestamp_seconds"] {
        #expect(samples["pairwatch_pair_\(family)\(label("AAAUSDT/BBBUSDT"))"] != nil, "missing \(family)")
    }
    let hedge = try #require(samples["pairwatch_pair_hedge_ratio\(label("AAAUSDT/BBBUSDT"))"])
    #expect(abs(hedge - 1.5) < 0.1)
    #expect(try #require(samples["pairwatch_pair_adf_pvalue\(label("AAAUSDT/BBBUSDT"))"]) < 0.05)
    // The second pair runs on both timeframes; the first only on 1m.
    #expect(samples["pairwatch_pair_window_samples\(label("CCCUSDT/BBBUSDT", "5m"))"] == 20)
    #expect(samples["pairwatch_pair_window_samples\(label("AAAUSDT/BBBUSDT", "5m"))"] == nil)
    #expect(samples["pairwatch_symbol_bar_close{symbol=\"BBBUSDT\",timeframe=\"5m\"}"] != nil)
    #expect(try await promtoolProblems(try await httpGet(port: port, path: "/metrics").body) == "")
}

@Test func serve_whenRestarted_showsThePairGaugesItShowedBefore() async throws {
    let folder = try TemporaryDirectory("pairwatch-restart")
    defer { folder.remove() }
    let config = try replayConfig(folder, pairs: twoPairs)
    let (first, port) = try await RunningPairwatch.serve(["--config.file", config])
    defer { first.stop() }
    let before = try await scrapeUntil(port: port) { samples in
        samples["pairwatch_pair_window_samples\(label("AAAUSDT/BBBUSDT"))"] == 100
            && samples["pairwatch_pair_last_update_timestamp_seconds\(label("AAAUSDT/BBBUSDT"))"] == 1_704_067_200 + 149 * 60
    }
    first.signal(SIGTERM)
    #expect(await first.waitForExit() == 0)

    let (second, secondPort) = try await RunningPairwatch.serve(["--config.file", config])
    defer { second.stop() }
    _ = try await waitUntilReady(port: secondPort)
    let after = parseExposition(try await httpGet(port: secondPort, path: "/metrics").body)
    #expect(pairGauges(before).count > 20)
    #expect(pairGauges(after).keys.sorted() == pairGauges(before).keys.sorted())
    for (key, value) in pairGauges(before) {
        let restored = try #require(after[key], "\(key) missing after the restart")
        #expect(abs(restored - value) <= 1e-6 * max(1, abs(value)), "\(key): \(value) before, \(restored) after")
    }
}
