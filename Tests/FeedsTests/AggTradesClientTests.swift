// SPDX-License-Identifier: Apache-2.0
import AsyncHTTPClient
import BinanceMock
import Foundation
import MarketData
import Synchronization
import TestSupport
import Testing

@testable import Feeds

private let btcStart = MockExchangeConfiguration.defaultStartID(index: 0)

/// Runs `body` with a REST client on the mock (page limit 10, a manual clock that jumps to every sleep's end).
private func withClient<T: Sendable>(
    _ configuration: MockExchangeConfiguration = MockExchangeConfiguration(symbols: ["BTCUSDT"]), maxAttempts: Int = 8,
    _ body: @escaping @Sendable (AggTradesClient<ManualClock>, MockExchange, ManualClock, LogRecorder) async throws -> T
) async throws -> T {
    try await withMockExchange(configuration, limit: .seconds(60)) { exchange, port in
        let http = HTTPClient(eventLoopGroupProvider: .singleton)
        let clock = ManualClock(immediate: true)
        let log = LogRecorder()
        let client = AggTradesClient(
            httpClient: http, baseURL: "http://127.0.0.1:\(port)", pageLimit: 10, maxAttempts: maxAttempts, seed: 7, clock: clock,
            nowMs: { Int64(Date().timeIntervalSince1970 * 1_000) }, logger: log.logger
        )
        do {
            let result = try await body(client, exchange, clock, log)
            try await http.shutdown()
            return result
        } catch {
            try? await http.shutdown()
            throw error
        }
    }
}

/// The error `body` fails with; a body that succeeds fails the test.
private func failure(_ body: () async throws -> some Any) async throws -> AggTradesError {
    do {
        _ = try await body()
    } catch let error as AggTradesError {
        return error
    }
    throw TimeoutError("expected the REST call to fail")
}

@Test func restClient_whenFetchingFromAnId_pagesUntilCaughtUpAndDeliversEveryTradeInOrder() async throws {
    try await withClient { client, exchange, _, _ in
        exchange.generate(35, symbol: "BTCUSDT")
        let pages = Mutex<[[Int64]]>([])
        let summary = try await client.fetch(symbol: "BTCUSDT", fromId: btcStart + 3) { page in
            pages.withLock { $0.append(page.map(\.tradeID)) }
        }
        let ids = pages.withLock { $0 }
        #expect(ids.map(\.count) == [10, 10, 10, 2])
        #expect(ids.flatMap { $0 } == Array(btcStart + 3...btcStart + 34))
        #expect(summary.trades == 32 && summary.lastID == btcStart + 34 && summary.gaps.isEmpty)
    }
}

@Test func restClient_whenGivenAnEndId_stopsThere() async throws {
    try await withClient { client, exchange, _, _ in
        exchange.generate(35, symbol: "BTCUSDT")
        let ids = Mutex<[Int64]>([])
        let summary = try await client.fetch(symbol: "BTCUSDT", fromId: btcStart, until: btcStart + 14) { page in
            ids.withLock { $0 += page.map(\.tradeID) }
        }
        #expect(ids.withLock { $0 } == Array(btcStart...btcStart + 14))
        #expect(summary.lastID == btcStart + 14)
    }
}

@Test func restClient_whenToldTooManyRequests_pausesForRetryAfterThenGetsThePage() async throws {
    try await withClient { client, exchange, clock, log in
        exchange.generate(5, symbol: "BTCUSDT")
        exchange.inject(.restTooManyRequests(retryAfterSeconds: 3))
        let page = try await client.page(symbol: "BTCUSDT", fromId: btcStart)
        #expect(page.map(\.tradeID) == Array(btcStart...btcStart + 4))
        #expect(clock.now.offset >= .seconds(3))
        #expect(log.messages(atLeast: .warning).contains("binance REST asked to slow down; every REST call waits"))
        exchange.inject(.restBanned(retryAfterSeconds: 5))
        let before = clock.now
        _ = try await client.page(symbol: "BTCUSDT", fromId: btcStart)
        #expect(before.duration(to: clock.now) >= .seconds(5))
    }
}

@Test func restClient_whenTheServerFails_retriesWithBackoffAndGivesUpAfterItsAttempts() async throws {
    try await withClient(maxAttempts: 3) { client, exchange, _, _ in
        exchange.generate(5, symbol: "BTCUSDT")
        exchange.inject(.restServerError(status: 502))
        let page = try await client.page(symbol: "BTCUSDT", fromId: btcStart)
        #expect(page.count == 5)
        for _ in 0..<3 { exchange.inject(.restServerError(status: 503)) }
        let error = try await failure { try await client.page(symbol: "BTCUSDT", fromId: btcStart) }
        #expect(error.description.hasSuffix("gave up after 3 attempts: HTTP 503"), "\(error)")
    }
}

@Test func restClient_whenAskedForABadSymbol_failsAtOnceWithTheServersAnswer() async throws {
    try await withClient { client, _, _, _ in
        let error = try await failure { try await client.page(symbol: "NOPEUSDT", fromId: 1) }
        #expect(error.description.contains("HTTP 400"), "\(error)")
    }
}

@Test func restClient_whenTheIdsAreOlderThanTheHistory_reportsTheGapAndFetchesTheRest() async throws {
    let configuration = MockExchangeConfiguration(symbols: ["BTCUSDT"], restHistory: 20)
    try await withClient(configuration) { client, exchange, _, log in
        exchange.generate(50, symbol: "BTCUSDT")
        let ids = Mutex<[Int64]>([])
        let summary = try await client.fetch(symbol: "BTCUSDT", fromId: btcStart) { page in ids.withLock { $0 += page.map(\.tradeID) } }
        #expect(summary.gaps == [btcStart...btcStart + 29])
        #expect(ids.withLock { $0 } == Array(btcStart + 30...btcStart + 49))
        let warning = try #require(log.messages(atLeast: .warning).first { $0.contains("older than the REST history") })
        #expect(warning.contains("\(btcStart)...\(btcStart + 29)") && warning.contains("pairwatch import"))
    }
}

@Test func restClient_whenLookingUpATime_findsTheFirstTradeAtOrAfterIt() async throws {
    try await withClient { client, exchange, _, _ in
        exchange.generate(5, symbol: "BTCUSDT")
        let trades = exchange.history(symbol: "BTCUSDT")
        let first = try #require(trades.first)
        #expect(try await client.firstID(symbol: "BTCUSDT", atOrAfterMs: first.timeMs - 5_000) == first.id)
        #expect(try await client.firstID(symbol: "BTCUSDT", atOrAfterMs: Int64(Date().timeIntervalSince1970 * 1_000) + 10_000) == nil)
    }
}
