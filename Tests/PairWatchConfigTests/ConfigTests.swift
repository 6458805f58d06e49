// SPDX-License-Identifier: Apache-2.0
import Foundation
import MarketData
import Testing

@testable import PairWatchConfig

@Test func defaults_whenNoFile_watchBTCAndETHOnTheLiveFeed() throws {
    let configuration = try PairWatchConfiguration.load(path: nil)
    #expect(configuration.symbols == ["BTCUSDT", "ETHUSDT"])
    #expect(configuration.feed.source == .binance)
    #expect(configuration.storage.path == "./data/pairwatch.db")
    #expect(configuration.storage.retention == .days(7))
    #expect(configuration.timeframes.map(\.name) == ["1s", "1m", "5m"])
    #expect(configuration.pairs == [PairConfig(a: "BTCUSDT", b: "ETHUSDT")])
    #expect(configuration.pairs.first?.method == .huber)
    #expect(configuration.pairs.first?.window == 500)
    #expect(configuration.pairs.first?.zscoreWindow == 100)
}

@Test func emptyFile_whenParsed_isTheDefaults() throws {
    #expect(try PairWatchConfiguration.parse(yaml: "", fileName: "pairwatch.yml") == PairWatchConfiguration())
    #expect(try PairWatchConfiguration.parse(yaml: "# only a comment\n", fileName: "pairwatch.yml") == PairWatchConfiguration())
}

@Test func exampleFile_whenLoaded_equalsTheDefaults() throws {
    let example = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../examples/pairwatch.yml")
    #expect(try PairWatchConfiguration.load(path: example.standardizedFileURL.path) == PairWatchConfiguration())
}

@Test func fullFile_whenValid_setsEveryKey() throws {
    let configuration = try PairWatchConfiguration.parse(
        yaml: """
            storage:
              {path: /var/lib/pairwatch/p.db, retention: 3d, bar_retention: 30d, bar_retention_overrides: {1s: 2d},
               batch_size: 5000, batch_interval: 1s}
            feed:
              source: replay
              symbols: [SOLUSDT, ETHUSDT]
              record: /var/lib/pairwatch/feed.jsonl
              record_max_bytes: 2097152
              binance: {websocket_url: ws://127.0.0.1:9000/market/stream, rest_url: http://127.0.0.1:9001, stale_after: 2m, max_reconnect_delay: 10s}
              simulate: {seed: 42, trades_per_second: 5.5}
              replay: {file: trades.csv, speed: 0}
            timeframes: [1s, 1m, 1h]
            resampler: {allowed_lateness: 500ms}
            pairs:
              - {a: SOLUSDT, b: ETHUSDT, method: ols, window: 300, zscore_window: 300, timeframes: [1h]}
            alerting: {}
            """, fileName: "pairwatch.yml")
    #expect(configuration.storage.barRetention(for: try #require(Timeframe("1s"))) == .days(2))
    #expect(configuration.storage.barRetention(for: try #require(Timeframe("1m"))) == .days(30))
    #expect(configuration.storage.batchSize == 5_000 && configuration.storage.batchInterval == .seconds(1))
    #expect(configuration.feed.source == .replay && configuration.feed.replay == ReplayConfig(file: "trades.csv", speed: 0))
    #expect(configuration.feed.simulate.seed == 42 && configuration.feed.simulate.tradesPerSecond == 5.5)
    #expect(configuration.feed.binance.staleAfter == .seconds(120) && configuration.feed.binance.maxReconnectDelay == .seconds(10))
    #expect(configuration.feed.record == "/var/lib/pairwatch/feed.jsonl" && configuration.feed.recordMaxBytes == 2_097_152)
    #expect(configuration.symbols == ["SOLUSDT", "ETHUSDT"])
    #expect(configuration.resampler.allowedLateness == ConfigDuration(milliseconds: 500))
    let pair = try #require(configuration.pairs.first)
    #expect(pair.method == .ols && pair.window == 300 && pair.zscoreWindow == 300)
    #expect(pair.effectiveTimeframes(in: configuration).map(\.name) == ["1h"])
}

@Test func durations_whenParsed_acceptEveryUnitAndPrintCanonically() {
    #expect(ConfigDuration("500ms")?.milliseconds == 500)
    #expect(ConfigDuration("30s")?.milliseconds == 30_000)
    #expect(ConfigDuration("5m")?.milliseconds == 300_000)
    #expect(ConfigDuration("1h")?.milliseconds == 3_600_000)
    #expect(ConfigDuration("7d")?.milliseconds == 604_800_000)
    for bad in ["", "s", "5", "5 s", "-5s", "1.5h", "5w", "ms", "99999999999999999999d"] {
        #expect(ConfigDuration(bad) == nil, "\(bad)")
    }
    #expect(ConfigDuration(milliseconds: 90_000).description == "90s")
    #expect(ConfigDuration.days(7).description == "7d")
    #expect(ConfigDuration(milliseconds: 1_500).description == "1500ms")
}

@Test func feedOverride_whenGiven_replacesTheSource() throws {
    var configuration = PairWatchConfiguration()
    try configuration.applyFeedOverride("replay:/tmp/trades.csv")
    #expect(configuration.feed.source == .replay && configuration.feed.replay.file == "/tmp/trades.csv")
    try configuration.applyFeedOverride("simulate")
    #expect(configuration.feed.source == .simulate)
    try configuration.applyFeedOverride("binance")
    #expect(configuration.feed.source == .binance)
}

@Test func feedOverride_whenInvalid_namesTheFlag() {
    var configuration = PairWatchConfiguration()
    #expect(throws: ConfigError.self) { try configuration.applyFeedOverride("kafka") }
    do {
        try configuration.applyFeedOverride("replay:")
    } catch {
        #expect(error.description == "--feed: replay needs a file: replay:FILE")
    }
}

@Test func summary_whenPrinted_namesPairsFeedAndStorage() {
    #expect(
        PairWatchConfiguration().summary == """
            feed:        binance (wss://fstream.binance.com/market/stream, backfill from https://fapi.binance.com)
            symbols:     BTCUSDT, ETHUSDT
            timeframes:  1s, 1m, 5m (bars close 2s after their end)
            storage:     ./data/pairwatch.db (trades kept 7d, bars 90d)
            pairs:       1
              BTCUSDT/ETHUSDT  method huber  window 500  zscore_window 100  timeframes 1s,1m,5m
            alerting:    0 rules, 0 receivers
            web:         uploads disabled (no web.api_token_file), no CORS

            """)
}

@Test func mergeKeys_whenUsed_shareSettingsAndWrittenKeysWin() throws {
    let configuration = try PairWatchConfiguration.parse(
        yaml: """
            pairs:
              - &shared {a: BTCUSDT, b: ETHUSDT, method: ols, window: 300, zscore_window: 50}
              - {<<: *shared, a: SOLUSDT, zscore_window: 60}
            """, fileName: "pairwatch.yml")
    let second = try #require(configuration.pairs.last)
    #expect(second.name == "SOLUSDT/ETHUSDT" && second.method == .ols && second.window == 300 && second.zscoreWindow == 60)
}

@Test func mergeKeys_whenMergingAList_reportUnknownKeysWhereWritten() {
    #expect(
        diagnostics(of: "pairs:\n  - &p {a: BTCUSDT, b: ETHUSDT, windw: 30}\n  - {<<: [*p, 5], a: SOLUSDT}\n") == [
            "pairwatch.yml:2:33: pairs[0].windw: unknown key (did you mean \"window\"?)",
            "pairwatch.yml:2:33: pairs[1].windw: unknown key (did you mean \"window\"?)",
            "pairwatch.yml:3:15: pairs[1].<<: expected a mapping or a list of mappings to merge, found \"5\"",
        ])
}

@Test func storagePathOverride_whenEmpty_isRefusedAndOtherwiseApplied() throws {
    var configuration = PairWatchConfiguration()
    #expect(throws: ConfigError.flag("--storage.path", "must not be empty")) { try configuration.applyStoragePathOverride("") }
    #expect(ConfigError.flag("--storage.path", "must not be empty").description == "--storage.path: must not be empty")
    try configuration.applyStoragePathOverride("/var/lib/pairwatch/pairwatch.db")
    #expect(configuration.storage.path == "/var/lib/pairwatch/pairwatch.db")
}
