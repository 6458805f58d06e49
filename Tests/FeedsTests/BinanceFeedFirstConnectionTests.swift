// SPDX-License-Identifier: Apache-2.0
import BinanceMock
import MarketData
import Synchronization
import TestSupport
import Testing

@testable import Feeds

/// The feed with no stored id (an empty database): its first connection ends before it delivered any trade, as one
/// that the watchdog closes on a starved machine with its frames still unread does. The trades generated since the
/// first connection opened are delivered all the same, fetched over REST from that opening.
@Test func binanceFeed_whenTheFirstConnectionEndsBeforeItsFirstTrade_deliversEveryTradeSinceItOpened() async throws {
    let symbols = ["BTCUSDT", "ETHUSDT"]
    let seed = testSeed()
    try await withMockExchange(MockExchangeConfiguration(symbols: symbols), limit: .seconds(90)) { exchange, port in
        let settings = BinanceFeedSettings(
            websocketURL: "ws://127.0.0.1:\(port)/market/stream", restURL: "http://127.0.0.1:\(port)",
            initialBackoff: .milliseconds(20), maximumBackoff: .milliseconds(200), restPageLimit: 10)
        let delivered = Mutex<[String: [Int64]]>([:])
        let statistics = FeedStatistics()
        let log = LogRecorder()
        let feed = BinanceFeed(
            symbols: symbols, settings: settings, clock: ContinuousClock(), statistics: statistics, seed: seed, logger: log.logger
        ) { batch in
            delivered.withLock { ids in for trade in batch { ids[trade.symbol, default: []].append(trade.tradeID) } }
        }
        let task = Task { try await feed.run() }
        defer { task.cancel() }
        try await exchange.waitForConnections(1)
        try await eventually("the first connection is open") { statistics.snapshot.connections["binance-0"]?.up == true }
        // The first trade frame closes the connection instead of reaching it; the next ones go to no connection.
        exchange.inject(.closeAbruptly(allConnections: false))
        exchange.generate(12)
        try await exchange.waitForConnections(2)
        try await eventually("the second connection is open") { statistics.snapshot.connects >= 2 }
        exchange.generate(5)
        exchange.stopGenerating()
        let expected = Dictionary(uniqueKeysWithValues: symbols.map { ($0, exchange.generatedIDs(symbol: $0).map(Array.init) ?? []) })
        do {
            try await eventually("every generated id is delivered") {
                delivered.withLock { ids in symbols.allSatisfy { Set(ids[$0] ?? []).isSuperset(of: expected[$0] ?? []) } }
            }
        } catch {
            Issue.record("seed \(seed): delivered \(delivered.withLock { $0 }), generated \(expected)")
            throw error
        }
        for symbol in symbols {
            #expect(delivered.withLock { $0[symbol] ?? [] }.sorted() == expected[symbol], "seed \(seed): \(symbol)")
        }
        #expect(exchange.faultsApplied[.close] == 1)
        #expect(statistics.snapshot.gaps == ["BTCUSDT": 0, "ETHUSDT": 0])
    }
}
