// SPDX-License-Identifier: Apache-2.0
import Foundation
import GRDB
import MarketData
import TestSupport
import Testing

private func integrity(_ path: String) throws -> String? {
    try DatabaseQueue(path: path).read { (db: Database) in try String.fetchOne(db, sql: "PRAGMA integrity_check") }
}

/// Polls (the child runs on the wall clock) until the import has created its database, so the kill that follows
/// always lands on an import under way and every attempt has a file to check.
private func waitForFile(_ path: String, of child: RunningPairwatch) async throws {
    let deadline = ContinuousClock.now + .seconds(30)
    while !FileManager.default.fileExists(atPath: path) {
        guard ContinuousClock.now < deadline, child.process.isRunning else {
            throw TimeoutError("\(path) not created; pairwatch stderr:\n\(child.stderr)")
        }
        try await Task.sleep(for: .milliseconds(5))
    }
}

/// SIGKILL at random moments of an import: each file is all or nothing, and the file is never corrupt. The kill
/// times come from a printed seed (`PAIRWATCH_TEST_SEED` replays them).
@Test func import_whenKilledAtRandomMoments_keepsEachFileAllOrNothing() async throws {
    let directory = try TemporaryDirectory("pairwatch-crash")
    defer { directory.remove() }
    let seed = testSeed()
    var random = SplitMix64(seed: seed)
    let rows = 40_000
    let file = directory.file("BTCUSDT-aggTrades-2024-01-01.csv")
    try (0..<rows).map { "\($0),\(60_000 + Double($0 % 97)),0.5,\($0),\($0),\(1_704_067_200_000 + Int64($0) * 250),false" }
        .joined(separator: "\n").write(toFile: file, atomically: true, encoding: .utf8)
    for attempt in 0..<12 {
        let database = directory.file("import-\(attempt).db")
        let delay = Int.random(in: 0...900, using: &random)
        let child = try RunningPairwatch(["import", "--storage.path", database, file])
        try await waitForFile(database, of: child)
        try await Task.sleep(for: .milliseconds(delay))
        child.signal(SIGKILL)
        _ = await child.waitForExit()
        #expect(try integrity(database) == "ok", "attempt \(attempt), killed \(delay) ms in, seed \(seed)")
        let stored = try await DatabaseQueue(path: database).read { db in
            try db.tableExists("trades") ? try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM trades") ?? 0 : 0
        }
        #expect(stored == 0 || stored == rows, "attempt \(attempt), killed \(delay) ms in, seed \(seed): \(stored) trades of \(rows)")
    }
}

/// SIGKILL at random moments of a live daemon, restarted on the same database each time: the file stays
/// sound and every run's stored trades are an unbroken prefix of what its feed produced (committed batches
/// are whole and in order). The kill times come from a printed seed (`PAIRWATCH_TEST_SEED` replays them).
@Test func serve_whenKilledAtRandomMoments_losesNoCommittedTrade() async throws {
    let directory = try TemporaryDirectory("pairwatch-crash")
    defer { directory.remove() }
    let seed = testSeed()
    var random = SplitMix64(seed: seed)
    let database = directory.file("pairwatch.db")
    let config = try temporaryConfig(
        """
        storage: {path: \(database), batch_interval: 20ms, batch_size: 50}
        feed: {source: simulate, simulate: {seed: 4, trades_per_second: 300}}
        timeframes: [1s]
        """, in: directory)
    for attempt in 0..<12 {
        let delay = Int.random(in: 50...1_200, using: &random)
        let (child, _) = try await RunningPairwatch.serve(["--config.file", config])
        try await Task.sleep(for: .milliseconds(delay))
        child.signal(SIGKILL)
        _ = await child.waitForExit()
        let context: Comment = "attempt \(attempt), killed \(delay) ms after listening, seed \(seed)"
        #expect(try integrity(database) == "ok", context)
        // Simulated ids are start_ms × 1000 + n, n counting from 1 per symbol and run: split each symbol's ids
        // where they stop being consecutive; every piece must then start a run (n = 1), or a trade went missing.
        let holes = try await DatabaseQueue(path: database).read { db in
            try ["BTCUSDT", "ETHUSDT"].reduce(0) { count, symbol in
                let ids = try Int64.fetchAll(db, sql: "SELECT trade_id FROM trades WHERE symbol = ? ORDER BY trade_id", arguments: [symbol])
                let starts = [ids.first].compactMap { $0 } + zip(ids, ids.dropFirst()).filter { $1 != $0 + 1 }.map(\.1)
                return count + starts.filter { $0 % 1_000 != 1 }.count
            }
        }
        #expect(holes == 0, context)
    }
}
