// SPDX-License-Identifier: Apache-2.0
import BinanceMock
import Foundation
import GRDB
import TestSupport
import Testing

private let symbols = ["BTCUSDT", "ETHUSDT"]

/// The stored trade ids of each symbol, in id order.
private func storedIDs(_ database: String) async throws -> [String: [Int64]] {
    let queue = try DatabaseQueue(path: database)
    return try await queue.read { db in
        var ids: [String: [Int64]] = [:]
        for symbol in symbols {
            ids[symbol] = try Int64.fetchAll(db, sql: "SELECT trade_id FROM trades WHERE symbol = ? ORDER BY trade_id", arguments: [symbol])
        }
        return ids
    }
}

@Test func serve_whenTheBinanceFeedRestarts_storesEveryTradeOfTheExchangeFromItsFirstOnce() async throws {
    let folder = try TemporaryDirectory("pairwatch-binance")
    defer { folder.remove() }
    let exchange = MockExchange(MockExchangeConfiguration(symbols: symbols, tradesPerSecond: 40), logger: LogRecorder().logger)
    let server = Task { try await exchange.run() }
    defer { server.cancel() }
    let port = try await withTimeout(.seconds(60), "the mock exchange") { try await exchange.waitUntilListening() }
    let database = folder.file("pairwatch.db")
    let config = try temporaryConfig(
        """
        storage: {path: \(database), batch_interval: 50ms}
        feed:
          source: binance
          record: \(folder.file("frames.jsonl"))
          binance: {websocket_url: "ws://127.0.0.1:\(port)/market/stream", rest_url: "http://127.0.0.1:\(port)"}
        timeframes: [1s]
        """, in: folder)

    let (first, firstPort) = try await RunningPairwatch.serve(["--config.file", config])
    defer { first.stop() }
    _ = try await scrapeUntil(port: firstPort) { ($0["pairwatch_storage_trades_written_total"] ?? 0) >= 40 }
    first.signal(SIGTERM)
    #expect(await first.waitForExit() == 0)
    // The exchange trades on while the daemon is down: the next start fetches those over REST from the last stored id.
    try await Task.sleep(for: .seconds(1))
    let (second, secondPort) = try await RunningPairwatch.serve(["--config.file", config])
    defer { second.stop() }
    _ = try await scrapeUntil(port: secondPort) { ($0["pairwatch_feed_backfilled_trades_total{symbol=\"BTCUSDT\"}"] ?? 0) > 0 }
    exchange.stopGenerating()
    let deadline = ContinuousClock.now + .seconds(60)
    var stored = try await storedIDs(database)
    while ContinuousClock.now < deadline, symbols.contains(where: { stored[$0]?.last != exchange.generatedIDs(symbol: $0)?.upperBound }) {
        try await Task.sleep(for: .milliseconds(100))
        stored = try await storedIDs(database)
    }
    second.signal(SIGTERM)
    #expect(await second.waitForExit() == 0)
    stored = try await storedIDs(database)
    for symbol in symbols {
        let ids = stored[symbol] ?? []
        let last = try #require(exchange.generatedIDs(symbol: symbol)?.upperBound)
        let firstStored = try #require(ids.first)
        #expect(ids == Array(firstStored...last), "\(symbol): \(ids.count) stored, \(firstStored)...\(last)")
    }
    // Both runs appended to the recording: stream frames of both connections' lives and the restart's REST bodies.
    let recording = try String(contentsOfFile: folder.file("frames.jsonl"), encoding: .utf8).split(separator: "\n")
    #expect(recording.filter { $0.contains(#""connection":"binance-0""#) }.count >= 40)
    #expect(recording.contains { $0.contains(#""symbol":"BTCUSDT","rest":"#) })
}
