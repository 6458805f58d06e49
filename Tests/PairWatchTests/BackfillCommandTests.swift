// SPDX-License-Identifier: Apache-2.0
import BinanceMock
import Foundation
import GRDB
import TestSupport
import Testing

@Test func backfill_fromAnIdSinceATimeAndFromTheStore_storesWhatRESTHasAndReportsTheRest() async throws {
    let folder = try TemporaryDirectory("pairwatch-backfill")
    defer { folder.remove() }
    // REST keeps the newest 2,000 trades of a symbol here, as Binance keeps 48 hours.
    let exchange = MockExchange(MockExchangeConfiguration(restHistory: 2_000), logger: LogRecorder().logger)
    let server = Task { try await exchange.run() }
    defer { server.cancel() }
    let port = try await withTimeout(.seconds(60), "the mock exchange") { try await exchange.waitUntilListening() }
    let database = folder.file("pairwatch.db")
    let config = try temporaryConfig(
        """
        storage: {path: \(database)}
        feed: {binance: {rest_url: "http://127.0.0.1:\(port)"}}
        timeframes: [1m]
        """, in: folder)
    let btc = MockExchangeConfiguration.defaultStartID(index: 0)
    exchange.generate(2_500, symbol: "BTCUSDT")
    exchange.generate(5, symbol: "ETHUSDT")

    let byID = try await runPairwatch(["backfill", "--config.file", config, "--symbol", "BTCUSDT", "--from-id", "\(btc + 10)"])
    #expect(byID.status == 0, "\(byID.stderr)")
    #expect(byID.stderr.contains("BTCUSDT: 2000 trades fetched from id \(btc + 10) to \(btc + 2_499), 2000 inserted, 0 duplicates, "))
    #expect(byID.stderr.contains("bars written; ids \(btc + 10)...\(btc + 499) are older than the REST history"), "\(byID.stderr)")
    let bySince = try await runPairwatch(["backfill", "--config.file", config, "--symbol", "ETHUSDT", "--since", "1h"])
    #expect(bySince.status == 0 && bySince.stderr.contains("ETHUSDT: 5 trades fetched"), "\(bySince.stderr)")
    exchange.generate(3, symbol: "BTCUSDT")
    let fromStore = try await runPairwatch(["backfill", "--config.file", config])
    #expect(fromStore.stderr.contains("BTCUSDT: 3 trades fetched from id \(btc + 2_500) to \(btc + 2_502), 3 inserted"), "\(fromStore.stderr)")
    #expect(fromStore.stderr.contains("ETHUSDT: 0 trades fetched"), "\(fromStore.stderr)")

    let queue = try DatabaseQueue(path: database)
    let ids = try await queue.read { db in
        try Int64.fetchAll(db, sql: "SELECT trade_id FROM trades WHERE symbol = 'BTCUSDT' ORDER BY trade_id")
    }
    #expect(ids == Array(btc + 500...btc + 2_502))
}

@Test func backfill_whenAnIdIsGivenForNoOrSeveralSymbols_refusesWithTheRule() async throws {
    let output = try await runPairwatch(["backfill", "--from-id", "5"])
    #expect(output.status != 0)
    #expect(output.stderr.contains("--from-id: needs exactly one --symbol"), "\(output.stderr)")
    let since = try await runPairwatch(["backfill", "--symbol", "BTCUSDT", "--since", "soon"])
    #expect(since.stderr.contains(#"--since: expected a duration such as 6h, found "soon""#), "\(since.stderr)")
}
