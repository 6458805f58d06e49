// SPDX-License-Identifier: Apache-2.0
import Foundation
import TestSupport
import Testing


/// A replaying daemon whose configuration file the test rewrites; `pairs` is the YAML list of pairs.
private struct ReloadFixture {
    let folder: TemporaryDirectory
    let config: String
    let trades: String

    init() throws {
        folder = try TemporaryDirectory("pairwatch-reload")
        config = folder.file("pairwatch.yml")
        trades = folder.file("trades.csv")
        try cointegratedTrades(minutes: 120, seed: 9).write(toFile: trades, atomically: true, encoding: .utf8)
    }

    func write(pairs: String, timeframes: String = "[1m]", storage: String? = nil) throws {
        try """
            storage: {path: \(storage ?? folder.file("pairwatch.db")), retention: 5000d, bar_retention: 5000d}
            feed: {source: replay, replay: {file: \(trades), speed: 0}}
            timeframes: \(timeframes)
            pairs:
            \(pairs)
            """.write(toFile: config, atomically: true, encoding: .utf8)
    }
}

private let initial = """
      - {a: AAAUSDT, b: BBBUSDT, window: 60, zscore_window: 20}
      - {a: CCCUSDT, b: BBBUSDT, window: 30, zscore_window: 10}
    """

private let changed = """
      - {a: AAAUSDT, b: BBBUSDT, window: 90, zscore_window: 20}
      - {a: AAAUSDT, b: CCCUSDT, window: 40, zscore_window: 10, method: ols}
    """

@Test func reload_whenPostedWithLifecycleEnabled_addsRemovesAndRebuildsPairs() async throws {
    let fixture = try ReloadFixture()
    defer { fixture.folder.remove() }
    try fixture.write(pairs: initial)
    let (daemon, port) = try await RunningPairwatch.serve(["--config.file", fixture.config, "--web.enable-lifecycle"])
    defer { daemon.stop() }
    _ = try await scrapeUntil(port: port) { $0["pairwatch_pair_window_samples\(label("AAAUSDT/BBBUSDT"))"] == 60 }

    try fixture.write(pairs: changed, timeframes: "[1m, 5m]")
    #expect(try await httpPost(port: port, path: "/-/reload") == (200, "OK\n"))
    let samples = try await scrapeUntil(port: port) { samples in
        samples["pairwatch_pair_window_samples\(label("AAAUSDT/BBBUSDT"))"] == 90
            && samples["pairwatch_pair_window_samples\(label("AAAUSDT/CCCUSDT"))"] == 40
    }
    #expect(!samples.keys.contains { $0.contains("CCCUSDT/BBBUSDT") })
    #expect(samples["pairwatch_config_last_reload_successful"] == 1)
    // 5m was not stored before the reload, so its bars start with the reload: present but with few samples.
    #expect(samples["pairwatch_resampler_bars_total{timeframe=\"5m\"}"] != nil)
}

@Test func reload_whenFileIsInvalid_keepsRunningConfigurationAndAnswers500WithEveryError() async throws {
    let fixture = try ReloadFixture()
    defer { fixture.folder.remove() }
    try fixture.write(pairs: initial)
    let (daemon, port) = try await RunningPairwatch.serve(["--config.file", fixture.config, "--web.enable-lifecycle"])
    defer { daemon.stop() }
    let before = try await scrapeUntil(port: port) { $0["pairwatch_pair_window_samples\(label("CCCUSDT/BBBUSDT"))"] == 30 }

    try fixture.write(pairs: """
          - {a: AAAUSDT, b: BBBUSDT, window: 60, zscore_window: 90}
          - {a: CCCUSDT, b: BBBUSDT, methd: ols}
        """)
    let (status, body) = try await httpPost(port: port, path: "/-/reload")
    #expect(status == 500)
    #expect(body.contains("pairs[0].zscore_window: 90 is larger than window (60)"), "\(body)")
    #expect(body.contains("pairs[1].methd: unknown key"), "\(body)")
    let after = parseExposition(try await httpGet(port: port, path: "/metrics").body)
    #expect(after["pairwatch_config_last_reload_successful"] == 0)
    #expect(pairGauges(after) == pairGauges(before))
    #expect(daemon.stderr.contains("configuration reload failed"))

    try fixture.write(pairs: initial, storage: fixture.folder.file("elsewhere.db"))
    let moved = try await httpPost(port: port, path: "/-/reload")
    #expect(moved.status == 500)
    #expect(moved.body.contains("storage.path: changing it needs a restart"), "\(moved.body)")
}

@Test func reload_whenLifecycleIsDisabled_answers403ButSIGHUPReloads() async throws {
    let fixture = try ReloadFixture()
    defer { fixture.folder.remove() }
    try fixture.write(pairs: initial)
    let (daemon, port) = try await RunningPairwatch.serve(["--config.file", fixture.config])
    defer { daemon.stop() }
    _ = try await scrapeUntil(port: port) { $0["pairwatch_pair_window_samples\(label("AAAUSDT/BBBUSDT"))"] == 60 }
    try fixture.write(pairs: changed)
    #expect(try await httpPost(port: port, path: "/-/reload").status == 403)
    daemon.signal(SIGHUP)
    let samples = try await scrapeUntil(port: port) { $0["pairwatch_pair_window_samples\(label("AAAUSDT/CCCUSDT"))"] == 40 }
    #expect(samples["pairwatch_pair_window_samples\(label("AAAUSDT/BBBUSDT"))"] == 90)
    #expect(samples["pairwatch_config_last_reload_successful"] == 1)
}
