// SPDX-License-Identifier: Apache-2.0
import BinanceMock
import Foundation
import MarketData
import TestSupport
import Testing

private let symbols = ["BTCUSDT", "ETHUSDT"]

/// Every fault kind once, then random ones, in a seeded order; short stalls and waits so the run stays bounded.
private func faults(count: Int, seed: UInt64) -> [MockFault] {
    var random = SplitMix64(seed: seed)
    var faults = MockFault.Kind.allCases.map { MockFault(kind: $0, seconds: 1.5, status: 503) }
    while faults.count < count { faults.append(MockFault(kind: MockFault.Kind.allCases.randomElement(using: &random) ?? .close, seconds: 1)) }
    return faults.shuffled(using: &random)
}

/// The gapless test: the daemon against a mock Binance that drops, stalls, garbles, duplicates and reorders its
/// stream and refuses or delays REST calls. Afterwards the database holds, per symbol, exactly the ids generated:
/// none missing, none twice (the primary key forbids twice; the count and range show none missing).
@Test func liveFeed_whenTheExchangeMisbehaves_storesEveryGeneratedTradeExactlyOnce() async throws {
    let seed = testSeed()
    let folder = try TemporaryDirectory("pairwatch-gapless")
    defer { folder.remove() }
    let database = folder.file("pairwatch.db")
    let configuration = MockExchangeConfiguration(symbols: symbols, tradesPerSecond: 80, seed: seed, pingInterval: .seconds(2))
    let (expected, stored, faultsApplied, rateLimitCloses) = try await withMockBinance(configuration) { exchange, port in
        let config = try temporaryConfig(mockFeedConfig(port: port, database: database), in: folder)
        let (daemon, daemonPort) = try await RunningPairwatch.serve(["--config.file", config])
        defer { daemon.stop() }
        try await exchange.waitForConnections(1)
        try await waitForFeedUp(port: daemonPort)
        exchange.resume()
        // Every trade generated from here on is to be stored, the first ones included: the feed keeps a symbol's
        // trades from its first connection's opening. The faults start once trades flow.
        _ = try await StoredIDs.waitForFirst(of: symbols, in: database)
        var random = SplitMix64(seed: seed ^ 0x9E37)
        for fault in faults(count: 20, seed: seed) {
            try await Task.sleep(for: .milliseconds(600 + Int(random.next() % 900)))
            exchange.inject(fault)
        }
        // A REST fault waits for a request, which a reconnect makes: a busy machine may not have reconnected since.
        let deadline = ContinuousClock.now + .seconds(30)
        while exchange.state.faultsPending > 0, ContinuousClock.now < deadline {
            if exchange.state.faultsPending == exchange.faultsPending(rest: true) { exchange.inject(.closeAbruptly(allConnections: false)) }
            try await Task.sleep(for: .seconds(1))
        }
        exchange.stopGenerating()
        let expected = StoredIDs.generated(by: exchange, symbols: symbols)
        let stored = try await waitUntilStored(expected, in: database)
        daemon.signal(SIGTERM)
        #expect(await daemon.waitForExit() == 0, "seed \(seed)")
        return (expected, stored, exchange.faultsApplied, exchange.state.rateLimitCloses)
    }
    #expect(stored == expected, "seed \(seed)")
    #expect(expected.values.allSatisfy { $0.count > 500 }, "seed \(seed)")
    // Every stream fault happened; the REST ones wait for a request, which each reconnect makes.
    let streamKinds: [MockFault.Kind] = [.close, .closeAll, .close1008, .stall, .garbage, .truncate, .duplicate, .reorder]
    #expect(streamKinds.allSatisfy { (faultsApplied[$0] ?? 0) > 0 }, "seed \(seed): \(faultsApplied)")
    #expect(faultsApplied.values.reduce(0, +) >= 20, "seed \(seed): \(faultsApplied)")
    #expect(rateLimitCloses == 0, "seed \(seed): the daemon sent more than 10 messages in a second")
}
