// SPDX-License-Identifier: Apache-2.0
import Foundation
import GRDB
import TestSupport
import Testing

@Test func serve_whenSimulatedFeedRuns_persistsTradesAndGaplessBars() async throws {
    let folder = try TemporaryDirectory("pairwatch-persist")
    defer { folder.remove() }
    let database = folder.file("pairwatch.db")
    let config = try temporaryConfig(
        """
        storage: {path: \(database), batch_interval: 50ms}
        feed: {source: simulate, simulate: {seed: 9, trades_per_second: 400}}
        timeframes: [1s]
        resampler: {allowed_lateness: 100ms}
        """, in: folder)
    let (daemon, port) = try await RunningPairwatch.serve(["--config.file", config])
    defer { daemon.stop() }
    try await Task.sleep(for: .milliseconds(3_500))
    let scrape = parseExposition(try await httpGet(port: port, path: "/metrics").body)
    daemon.signal(SIGTERM)
    #expect(await daemon.waitForExit() == 0)

    #expect((scrape["pairwatch_storage_trades_written_total"] ?? 0) > 0)
    #expect((scrape["pairwatch_resampler_bars_total{timeframe=\"1s\"}"] ?? 0) >= 4)
    let queue = try DatabaseQueue(path: database)
    try await queue.read { db in
        #expect(try String.fetchOne(db, sql: "PRAGMA integrity_check") == "ok")
        let trades = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM trades") ?? 0
        #expect(Double(trades) >= scrape["pairwatch_storage_trades_written_total"] ?? .infinity)
        for symbol in ["BTCUSDT", "ETHUSDT"] {
            let starts = try Int64.fetchAll(db, sql: "SELECT start_ms FROM bars WHERE symbol = ? AND timeframe = '1s' ORDER BY start_ms", arguments: [symbol])
            #expect(starts.count >= 2)
            #expect(zip(starts, starts.dropFirst()).allSatisfy { $1 - $0 == 1_000 }, "bars of \(symbol) have a gap")
            let barTrades = try Int.fetchOne(db, sql: "SELECT SUM(trades) FROM bars WHERE symbol = ?", arguments: [symbol]) ?? 0
            let covered = try Int.fetchOne(
                db, sql: "SELECT COUNT(*) FROM trades WHERE symbol = ? AND time_ms < (SELECT MAX(start_ms) + 1000 FROM bars WHERE symbol = ?)",
                arguments: [symbol, symbol]) ?? -1
            #expect(barTrades == covered)
        }
    }
}
