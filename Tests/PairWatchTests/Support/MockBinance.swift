// SPDX-License-Identifier: Apache-2.0
import BinanceMock
import Foundation
import GRDB
import Logging
import TestSupport

/// Runs a `MockExchange` on a free port of 127.0.0.1 for the body's duration, generation paused until the body
/// resumes it (so the daemon under test sees every trade from the first one), bounded by `limit`.
func withMockBinance<T: Sendable>(
    _ configuration: MockExchangeConfiguration, limit: Duration = .seconds(150),
    _ body: @escaping @Sendable (MockExchange, Int) async throws -> T
) async throws -> T {
    let exchange = MockExchange(configuration, logger: Logger(label: "test.mock") { _ in SwiftLogNoOpLogHandler() })
    exchange.pause()
    return try await withTimeout(limit, "a daemon against the mock exchange") { try await exchange.serving(body) }
}

/// A configuration of the live feed on the mock at `port`.
func mockFeedConfig(port: Int, database: String, extra: String = "") -> String {
    """
    storage: {path: \(database), batch_interval: 50ms, retention: 5000d}
    feed:
      source: binance
      binance: {websocket_url: "ws://127.0.0.1:\(port)/market/stream", rest_url: "http://127.0.0.1:\(port)", stale_after: 1s, max_reconnect_delay: 500ms}
    \(extra)
    timeframes: [1s]
    resampler: {allowed_lateness: 200ms}
    pairs: [{a: BTCUSDT, b: ETHUSDT, window: 20, zscore_window: 10}]
    """
}

/// Per symbol: how many trades are stored and their lowest and highest id.
struct StoredIDs: Equatable, CustomStringConvertible {
    var count: Int
    var first: Int64
    var last: Int64

    var description: String { "\(count) ids \(first)...\(last)" }

    static func read(_ path: String) throws -> [String: StoredIDs] {
        let queue = try DatabaseQueue(path: path, configuration: readOnly)
        return try queue.read { db in
            var ids: [String: StoredIDs] = [:]
            let rows = try Row.fetchAll(db, sql: "SELECT symbol, COUNT(*), MIN(trade_id), MAX(trade_id) FROM trades GROUP BY symbol")
            for row in rows { ids[row[0]] = StoredIDs(count: row[1], first: row[2], last: row[3]) }
            return ids
        }
    }

    /// What the mock generated, in the same terms.
    static func generated(by exchange: MockExchange, symbols: [String]) -> [String: StoredIDs] {
        var ids: [String: StoredIDs] = [:]
        for symbol in symbols {
            if let range = exchange.generatedIDs(symbol: symbol) {
                ids[symbol] = StoredIDs(count: range.count, first: range.lowerBound, last: range.upperBound)
            }
        }
        return ids
    }

    /// Waits until the database holds a trade of every symbol and returns what it holds then.
    static func waitForFirst(of symbols: [String], in path: String, timeout: Duration = .seconds(30)) async throws -> [String: StoredIDs] {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if let stored = try? read(path), symbols.allSatisfy({ stored[$0] != nil }) { return stored }
            try await Task.sleep(for: .milliseconds(50))
        }
        throw WaitError(description: "no trade of each of \(symbols) stored within \(timeout)")
    }

    private static var readOnly: Configuration {
        var configuration = Configuration()
        configuration.readonly = true
        return configuration
    }
}

/// Polls the database until it holds exactly the generated ids, or `timeout` passes; returns what it holds last.
func waitUntilStored(_ expected: [String: StoredIDs], in path: String, timeout: Duration = .seconds(60)) async throws -> [String: StoredIDs] {
    let deadline = ContinuousClock.now + timeout
    var stored: [String: StoredIDs] = [:]
    while ContinuousClock.now < deadline {
        stored = (try? StoredIDs.read(path)) ?? [:]
        if stored == expected { return stored }
        try await Task.sleep(for: .milliseconds(250))
    }
    return stored
}

/// Waits until the daemon on `port` reports a feed connection up: from then on, every trade is one a first start keeps
/// (those since its first connection opened). The mock counts a connection once its side of the upgrade is done, which
/// on a loaded machine may be an attempt the daemon gives up before it opens.
func waitForFeedUp(port: Int, timeout: Duration = .seconds(60)) async throws {
    let deadline = ContinuousClock.now + timeout
    while ContinuousClock.now < deadline {
        let body = (try? await httpGet(port: port, path: "/metrics").body) ?? ""
        if body.split(separator: "\n").contains(where: { $0.hasPrefix("pairwatch_feed_up{") && $0.hasSuffix(" 1") }) { return }
        try await Task.sleep(for: .milliseconds(50))
    }
    throw WaitError(description: "the daemon's feed did not come up within \(timeout)")
}
