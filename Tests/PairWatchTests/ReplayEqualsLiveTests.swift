// SPDX-License-Identifier: Apache-2.0
import BinanceMock
import Foundation
import GRDB
import MarketData
import TestSupport
import Testing

private let symbols = ["BTCUSDT", "ETHUSDT"]

/// The 1s bars both runs close: those that end by the last trade's time less the allowed lateness (200 ms). The live
/// daemon also closes later ones by the wall clock until it is stopped, while a replay's bars close by trade time only,
/// so whether the interval of the last trades is closed depends on when the live daemon was stopped (a run failed on
/// a bar that only the live daemon had closed).
private let closedByBoth = "start_ms + 1000 <= (SELECT MAX(time_ms) FROM trades) - 200"

/// Every stored trade, and the bars both runs close, as comparable text.
private func storedTradesAndBars(_ path: String) throws -> (trades: [String], bars: [String]) {
    try DatabaseQueue(path: path).read { db in
        let trades = try Row.fetchAll(db, sql: "SELECT * FROM trades ORDER BY symbol, trade_id").map(\.description)
        let bars = try Row.fetchAll(db, sql: "SELECT * FROM bars WHERE \(closedByBoth) ORDER BY symbol, timeframe, start_ms").map(\.description)
        return (trades, bars)
    }
}

/// The rolling statistics of the pair over the bars both runs close, as `pairwatch analyze` prints them.
private func rollingStatistics(_ path: String) async throws -> String {
    try await DatabaseQueue(path: path).write { db in
        try db.execute(sql: "DELETE FROM bars WHERE NOT (\(closedByBoth))")
    }
    let output = try await runPairwatch([
        "analyze", "--storage.path", path, "--pair", "BTCUSDT/ETHUSDT", "--timeframe", "1s", "--window", "20", "--zscore-window", "10",
        "--rolling", "--format", "json",
    ])
    #expect(output.status == 0, "\(output.stderr)")
    return output.stdout
}

/// A live run against the mock exchange records its frames and REST pages (`feed.record`); replaying the recording
/// into another database gives the same trades, the same bars and the same pair statistics.
@Test func replay_ofARecordedLiveRun_storesTheSameTradesBarsAndStatistics() async throws {
    let seed = testSeed()
    let folder = try TemporaryDirectory("pairwatch-replay-live")
    defer { folder.remove() }
    let (live, replayed, recording) = (folder.file("live.db"), folder.file("replay.db"), folder.file("feed.jsonl"))
    let configuration = MockExchangeConfiguration(symbols: symbols, tradesPerSecond: 40, seed: seed)
    try await withMockBinance(configuration) { exchange, port in
        let config = try temporaryConfig(mockFeedConfig(port: port, database: live, extra: "  record: \(recording)"), in: folder)
        let (daemon, daemonPort) = try await RunningPairwatch.serve(["--config.file", config])
        defer { daemon.stop() }
        try await exchange.waitForConnections(1)
        try await waitForFeedUp(port: daemonPort)
        exchange.resume()
        // Every trade generated from here on is to be stored, the first ones included.
        _ = try await StoredIDs.waitForFirst(of: symbols, in: live)
        // Two outages that the feed backfills over REST, so the recording holds REST pages as well as frames.
        for fault in [MockFault.closeAbruptly(allConnections: true), .truncatedFrame] {
            try await Task.sleep(for: .seconds(8))
            exchange.inject(fault)
        }
        try await Task.sleep(for: .seconds(8))
        exchange.stopGenerating()
        let expected = StoredIDs.generated(by: exchange, symbols: symbols)
        let stored = try await waitUntilStored(expected, in: live)
        #expect(stored == expected, "seed \(seed): stored \(stored), generated \(expected)")
        daemon.signal(SIGTERM)
        #expect(await daemon.waitForExit() == 0)
    }
    let replayConfig = try temporaryConfig(
        """
        storage: {path: \(replayed), batch_interval: 50ms, retention: 5000d}
        feed: {source: replay, replay: {file: \(recording), speed: 0}}
        timeframes: [1s]
        resampler: {allowed_lateness: 200ms}
        pairs: [{a: BTCUSDT, b: ETHUSDT, window: 20, zscore_window: 10}]
        """, in: folder, name: "replay.yml")
    let (daemon, _) = try await RunningPairwatch.serve(["--config.file", replayConfig])
    defer { daemon.stop() }
    let liveIDs = try StoredIDs.read(live)
    #expect(try await waitUntilStored(liveIDs, in: replayed) == liveIDs, "seed \(seed)")
    daemon.signal(SIGTERM)
    #expect(await daemon.waitForExit() == 0)

    let (liveStored, replayStored) = (try storedTradesAndBars(live), try storedTradesAndBars(replayed))
    #expect(liveStored.trades.count > 1_000 && liveStored.trades == replayStored.trades, "seed \(seed)")
    let onlyLive = Set(liveStored.bars).subtracting(replayStored.bars).sorted().prefix(5)
    let onlyReplay = Set(replayStored.bars).subtracting(liveStored.bars).sorted().prefix(5)
    #expect(
        liveStored.bars.count > 40 && liveStored.bars == replayStored.bars,
        "seed \(seed); only live: \(Array(onlyLive)); only replayed: \(Array(onlyReplay))")
    let (liveStatistics, replayStatistics) = (try await rollingStatistics(live), try await rollingStatistics(replayed))
    #expect(liveStatistics.split(separator: "\n").count > 3 && liveStatistics == replayStatistics, "seed \(seed)")
}
