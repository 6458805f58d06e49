// SPDX-License-Identifier: Apache-2.0
import BinanceMock
import MarketData
import Synchronization
import TestSupport
import Testing

@testable import Feeds

private let symbols = ["BTCUSDT", "ETHUSDT"]

/// Runs a feed with no stored id (an empty database) against the mock on `port` for `body`, then checks that it
/// delivered every id the mock generated, and returns its statistics.
private func withFirstStartFeed(
    port: Int, exchange: MockExchange, seed: UInt64, _ body: (FeedStatistics) async throws -> Void
) async throws -> FeedStatistics.Snapshot {
    let settings = BinanceFeedSettings(
        websocketURL: "ws://127.0.0.1:\(port)/market/stream", restURL: "http://127.0.0.1:\(port)",
        initialBackoff: .milliseconds(20), maximumBackoff: .milliseconds(200), restPageLimit: 10)
    let delivered = Mutex<[String: [Int64]]>([:])
    let statistics = FeedStatistics()
    let feed = BinanceFeed(
        symbols: symbols, settings: settings, clock: ContinuousClock(), statistics: statistics, seed: seed, logger: LogRecorder().logger
    ) { batch in
        delivered.withLock { ids in for trade in batch { ids[trade.symbol, default: []].append(trade.tradeID) } }
    }
    let task = Task { try await feed.run() }
    defer { task.cancel() }
    try await exchange.waitForConnections(1)
    try await eventually("the first connection is open") { statistics.snapshot.connections["binance-0"]?.up == true }
    try await body(statistics)
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
    return statistics.snapshot
}

/// The first connection ends before it delivered any trade, as one that the watchdog closes on a starved machine
/// with its frames still unread does. The trades generated since it opened are delivered all the same, fetched over
/// REST from that opening.
@Test func binanceFeed_whenTheFirstConnectionEndsBeforeItsFirstTrade_deliversEveryTradeSinceItOpened() async throws {
    let seed = testSeed()
    try await withMockExchange(MockExchangeConfiguration(symbols: symbols), limit: .seconds(90)) { exchange, port in
        let snapshot = try await withFirstStartFeed(port: port, exchange: exchange, seed: seed) { statistics in
            // The first trade frame closes the connection instead of reaching it; the next ones go to no connection.
            exchange.inject(.closeAbruptly(allConnections: false))
            exchange.generate(12)
            try await exchange.waitForConnections(2)
            try await eventually("the second connection is open") { statistics.snapshot.connects >= 2 }
            exchange.generate(5)
        }
        #expect(exchange.faultsApplied[.close] == 1)
        #expect(snapshot.gaps == ["BTCUSDT": 0, "ETHUSDT": 0])
    }
}

/// The first connection stays open but its stream carries nothing at first (a stall here; a subscription not yet in
/// place on the exchange has the same effect): the trades the exchange made since the connection opened, before the
/// first one the stream delivers, are fetched over REST.
@Test func binanceFeed_whenTheFirstConnectionsStreamStartsLate_deliversEveryTradeSinceItOpened() async throws {
    let seed = testSeed()
    try await withMockExchange(MockExchangeConfiguration(symbols: symbols), limit: .seconds(90)) { exchange, port in
        let snapshot = try await withFirstStartFeed(port: port, exchange: exchange, seed: seed) { statistics in
            exchange.inject(.stall(.milliseconds(300)))
            exchange.generate(12)
            // Trades go on until the stream carries them again and the feed has delivered one of each symbol.
            try await eventually("the stream delivers after its stall") {
                exchange.generate()
                return statistics.snapshot.lagCount > 0
            }
            exchange.generate(5)
        }
        #expect(exchange.faultsApplied[.stall] == 1)
        #expect(snapshot.connects == 1, "the connection stayed open")
        #expect(symbols.allSatisfy { snapshot.backfilled[$0, default: 0] >= 12 }, "seed \(seed): \(snapshot.backfilled)")
        #expect(snapshot.gaps == ["BTCUSDT": 0, "ETHUSDT": 0])
    }
}
