// SPDX-License-Identifier: Apache-2.0
import BinanceMock
import Logging
import MarketData
import Synchronization
import TestSupport
import Testing

@testable import Feeds

private let symbols = ["BTCUSDT", "ETHUSDT"]

/// What the handler received: every id per symbol in delivery order, and the number of batches.
private final class Delivered: Sendable {
    private let state = Mutex<(ids: [String: [Int64]], batches: Int)>(([:], 0))

    func add(_ batch: [Trade]) {
        state.withLock { state in
            state.batches += 1
            for trade in batch { state.ids[trade.symbol, default: []].append(trade.tradeID) }
        }
    }

    func ids(_ symbol: String) -> [Int64] { state.withLock { $0.ids[symbol] ?? [] } }
    var batches: Int { state.withLock { $0.batches } }
}

/// A running feed on the mock, with what it delivered and reported.
private struct Harness: Sendable {
    let exchange: MockExchange
    let delivered: Delivered
    let statistics: FeedStatistics
    let log: LogRecorder

    /// Every id the mock generated, each delivered exactly once, once generation stopped and the feed caught up.
    func expectEveryGeneratedIDOnce(from first: [String: Int64] = [:]) async throws {
        exchange.stopGenerating()
        let expected = Dictionary(uniqueKeysWithValues: symbols.map { symbol in
            let range = exchange.generatedIDs(symbol: symbol)
            return (symbol, range.map { Array(max($0.lowerBound, first[symbol] ?? $0.lowerBound)...$0.upperBound) } ?? [])
        })
        do {
            try await eventually("the feed delivers every generated id") {
                symbols.allSatisfy { Set(delivered.ids($0)).isSuperset(of: expected[$0] ?? []) }
            }
        } catch {
            for symbol in symbols {
                let missing = Set(expected[symbol] ?? []).subtracting(delivered.ids(symbol)).sorted()
                Issue.record("\(symbol): missing \(missing.count) ids, first \(missing.prefix(5)); delivered \(delivered.ids(symbol).count)")
            }
            for entry in log.entries where entry.level >= .info { print("feed log: \(entry.message) \(entry.metadata)") }
            print("mock: \(exchange.state)")
            throw error
        }
        for symbol in symbols {
            let ids = delivered.ids(symbol)
            #expect(!ids.isEmpty)
            #expect(ids.sorted() == expected[symbol], "\(symbol): \(ids.count) delivered, \(Set(ids).count) distinct")
        }
    }

    /// Generates trades until a stream delivers one, so the next fault hits a connection in full flow: one the feed
    /// has seen open, not one the mock has accepted while the feed is still finishing the upgrade (the lag is counted
    /// for stream trades only; other messages, such as the reply to the request sent at the opening, do not count).
    func settle() async throws {
        let before = statistics.snapshot.lagCount
        for _ in 0..<400 {
            exchange.generate(1)
            try await Task.sleep(for: .milliseconds(25))
            if statistics.snapshot.lagCount > before { return }
        }
        throw TimeoutError("no stream frame within 10 s")
    }

    /// Generates `count` trades per symbol, a few milliseconds apart so they arrive as separate frames.
    func trade(_ count: Int) async throws {
        for _ in 0..<count {
            exchange.generate(1)
            try await Task.sleep(for: .milliseconds(3))
        }
    }
}

/// Runs a feed resuming just before the mock's first ids, with short backoffs, against a fresh mock.
private func withFeed(
    _ configuration: MockExchangeConfiguration = MockExchangeConfiguration(symbols: symbols), limit: Duration = .seconds(90),
    settings adjust: @escaping @Sendable (inout BinanceFeedSettings) -> Void = { _ in }, recorder: FrameRecorder? = nil,
    _ body: @escaping @Sendable (Harness) async throws -> Void
) async throws {
    let seed = testSeed()
    try await withMockExchange(configuration, limit: limit) { exchange, port in
        var settings = BinanceFeedSettings(
            websocketURL: "ws://127.0.0.1:\(port)/market/stream", restURL: "http://127.0.0.1:\(port)",
            initialBackoff: .milliseconds(20), maximumBackoff: .milliseconds(200), restPageLimit: 10
        )
        adjust(&settings)
        let resumeFrom = Dictionary(uniqueKeysWithValues: symbols.enumerated().map { ($1, MockExchangeConfiguration.defaultStartID(index: $0) - 1) })
        let harness = Harness(exchange: exchange, delivered: Delivered(), statistics: FeedStatistics(), log: LogRecorder())
        let feed = BinanceFeed(
            symbols: symbols, settings: settings, resumeFrom: resumeFrom, clock: ContinuousClock(), statistics: harness.statistics,
            recorder: recorder, seed: seed, logger: harness.log.logger
        ) { batch in harness.delivered.add(batch) }
        let task = Task { try await feed.run() }
        do {
            try await body(harness)
        } catch {
            task.cancel()
            throw error
        }
        task.cancel()
        try await task.value
    }
}

@Test func binanceFeed_whenTradesFlowBeforeAndAfterItConnects_deliversEveryIdOnceWithStatistics() async throws {
    try await withFeed { feed in
        feed.exchange.generate(25)
        try await feed.exchange.waitForConnections(1)
        try await feed.trade(30)
        try await feed.expectEveryGeneratedIDOnce()
        let snapshot = feed.statistics.snapshot
        #expect(snapshot.connections["binance-0"]?.up == true)
        #expect(snapshot.connects == 1)
        #expect(snapshot.backfilled["BTCUSDT", default: 0] >= 25)
        #expect(snapshot.lagCount >= 60)
        #expect(snapshot.gaps == ["BTCUSDT": 0, "ETHUSDT": 0])
    }
}

private let streamFaults: [MockFault] = [
    .closeAbruptly(allConnections: false), .closePolicyViolation, .garbageFrame, .truncatedFrame, .duplicateFrame, .reorderFrames,
]

@Test(arguments: streamFaults)
func binanceFeed_whenTheStreamMisbehaves_stillDeliversEveryGeneratedIdExactlyOnce(fault: MockFault) async throws {
    try await withFeed { feed in
        feed.exchange.generate(5)
        try await feed.exchange.waitForConnections(1)
        for _ in 0..<3 {
            try await feed.settle()
            feed.exchange.inject(fault)
            try await feed.trade(10)
        }
        try await feed.expectEveryGeneratedIDOnce()
        if fault == .garbageFrame { #expect(feed.statistics.snapshot.decodeErrors >= 3) }
        if fault.kind == .close || fault.kind == .close1008 { #expect(feed.statistics.snapshot.reconnects[.closed, default: 0] >= 1) }
    }
}

private let restFaults: [MockFault] = [.restTooManyRequests(retryAfterSeconds: 1), .restServerError(status: 503), .restSlow(.milliseconds(300))]

@Test(arguments: restFaults)
func binanceFeed_whenRESTMisbehavesDuringABackfill_stillDeliversEveryGeneratedIdExactlyOnce(fault: MockFault) async throws {
    try await withFeed { feed in
        feed.exchange.generate(15)
        feed.exchange.inject(fault)
        try await feed.exchange.waitForConnections(1)
        try await feed.trade(5)
        feed.exchange.inject(fault)
        feed.exchange.inject(.closeAbruptly(allConnections: true))
        try await feed.trade(10)
        try await feed.expectEveryGeneratedIDOnce()
    }
}

@Test func binanceFeed_whenRotating_opensTheNewConnectionFirstAndLosesNothing() async throws {
    try await withFeed(settings: { $0.rotateAfter = .milliseconds(200) }) { feed in
        try await feed.exchange.waitForConnections(1)
        try await feed.trade(250)
        try await feed.expectEveryGeneratedIDOnce()
        let snapshot = feed.statistics.snapshot
        #expect(snapshot.reconnects[.rotate, default: 0] >= 2)
        #expect(snapshot.reconnects[.closed, default: 0] == 0 && snapshot.reconnects[.error, default: 0] == 0)
        // Each rotated connection was closed by the feed once its successor delivered.
        let connections = feed.exchange.state.connections
        #expect(connections.count >= 3)
        #expect(connections.filter { $0.closedAtMs == nil }.count <= 2)
    }
}

@Test func binanceFeed_whenRotatingWhileNoTradeFlows_keepsAtMostTwoConnectionsOpen() async throws {
    try await withFeed(settings: { $0.rotateAfter = .milliseconds(200) }) { feed in
        try await feed.exchange.waitForConnections(1)
        try await feed.settle()
        // Several rotation periods without a trade: the successor cannot take over, and no third connection opens.
        try await Task.sleep(for: .milliseconds(1_500))
        #expect(feed.exchange.state.connections.filter { $0.closedAtMs == nil }.count <= 2, "\(feed.exchange.state.connections.count) opened")
        try await feed.trade(20)
        try await feed.expectEveryGeneratedIDOnce()
    }
}

@Test func binanceFeed_whenTheStreamStallsWithTheSocketOpen_replacesTheConnectionAndBackfills() async throws {
    try await withFeed(settings: { $0.staleAfter = .milliseconds(300) }) { feed in
        try await feed.exchange.waitForConnections(1)
        try await feed.settle()
        // The stall outlasts the test, so only replacing the connection can bring the trades after it: with a short
        // one, a test slowed down by load could see the stream resume and the gap filled before the watchdog ran.
        feed.exchange.inject(.stall(.seconds(600)))
        try await feed.trade(60)
        try await feed.expectEveryGeneratedIDOnce()
        let reconnects = feed.statistics.snapshot.reconnects
        let log = feed.log.entries.map { "\($0.message) \($0.metadata)" }.joined(separator: "\n")
        #expect(reconnects[.stale, default: 0] >= 1, "\(reconnects)\n\(log)")
        #expect(feed.log.entries.contains { $0.metadata["reason"] == "stale" })
    }
}

@Test func binanceFeed_whenTheStoredIdIsOlderThanRESTHistory_reportsTheGapAndDeliversTheRest() async throws {
    let configuration = MockExchangeConfiguration(symbols: symbols, restHistory: 20)
    try await withFeed(configuration) { feed in
        feed.exchange.generate(50)
        try await feed.exchange.waitForConnections(1)
        // Stream trades only once the start-up backfill is done: each one pushes an id out of the mock's history.
        try await eventually("the start-up backfill") { feed.statistics.snapshot.gaps.values.allSatisfy { $0 == 1 } }
        try await feed.trade(5)
        let first = Dictionary(uniqueKeysWithValues: symbols.enumerated().map { ($1, MockExchangeConfiguration.defaultStartID(index: $0) + 30) })
        try await feed.expectEveryGeneratedIDOnce(from: first)
        #expect(feed.statistics.snapshot.gaps == ["BTCUSDT": 1, "ETHUSDT": 1])
        let start = MockExchangeConfiguration.defaultStartID(index: 0)
        #expect(feed.log.messages(atLeast: .warning).contains { $0.contains("BTCUSDT: aggregate trades \(start)...\(start + 29)") })
    }
}

@Test func binanceFeed_whenSymbolsExceedOneConnection_splitsThemAndRecordsWhatItReceived() async throws {
    let folder = try TemporaryDirectory("binance-feed")
    defer { folder.remove() }
    let recorder = try FrameRecorder(path: folder.file("frames.jsonl"), maxBytes: 1 << 24, logger: LogRecorder().logger)
    let delivered = Mutex<Set<Int64>>([])
    try await withFeed(settings: { $0.maxStreamsPerConnection = 1 }, recorder: recorder) { feed in
        feed.exchange.generate(12)
        try await feed.exchange.waitForConnections(2)
        try await feed.trade(20)
        try await feed.expectEveryGeneratedIDOnce()
        let snapshot = feed.statistics.snapshot
        #expect(Set(snapshot.connections.keys) == ["binance-0", "binance-1"])
        #expect(snapshot.connections.values.filter(\.up).count == 2)
        #expect(Set(feed.exchange.state.connections.map(\.streams)) == [["btcusdt@aggTrade"], ["ethusdt@aggTrade"]])
        delivered.withLock { $0 = Set(symbols.flatMap(feed.delivered.ids)) }
    }
    recorder.close()
    // The recording holds every frame and REST body: replayed, it gives back every trade the feed delivered.
    let replayed = Mutex<Set<Int64>>([])
    let replay = ReplayFeed(path: folder.file("frames.jsonl"), speed: 0, clock: ContinuousClock(), logger: LogRecorder().logger) { batch in
        replayed.withLock { $0.formUnion(batch.map(\.tradeID)) }
    }
    try await replay.run()
    let fed = delivered.withLock { $0 }
    let again = replayed.withLock { $0 }
    #expect(!fed.isEmpty)
    #expect(again.isSuperset(of: fed))
}

@Test func binanceFeed_whenTheHandlerThrows_stopsWithTheHandlersError() async throws {
    struct Refused: Error {}
    try await withMockExchange(MockExchangeConfiguration(symbols: symbols), limit: .seconds(60)) { exchange, port in
        let settings = BinanceFeedSettings(websocketURL: "ws://127.0.0.1:\(port)/market/stream", restURL: "http://127.0.0.1:\(port)")
        let feed = BinanceFeed(
            symbols: symbols, settings: settings, clock: ContinuousClock(), statistics: FeedStatistics(), seed: 1, logger: LogRecorder().logger
        ) { _ in throw Refused() }
        let task = Task { try await feed.run() }
        try await exchange.waitForConnections(1)
        for _ in 0..<20 { exchange.generate(1) }
        await #expect(throws: Refused.self) { try await task.value }
    }
}
