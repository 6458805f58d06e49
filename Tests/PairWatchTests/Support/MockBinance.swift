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

    /// What the mock generated, in the same terms; from each symbol's `since` id on when given (the first id the
    /// daemon stored: before it, a daemon with an empty database has nothing to resume from).
    static func generated(by exchange: MockExchange, symbols: [String], since: [String: StoredIDs] = [:]) -> [String: StoredIDs] {
        var ids: [String: StoredIDs] = [:]
        for symbol in symbols {
            if let range = exchange.generatedIDs(symbol: symbol) {
                let first = max(range.lowerBound, since[symbol]?.first ?? range.lowerBound)
                ids[symbol] = StoredIDs(count: Int(range.upperBound - first + 1), first: first, last: range.upperBound)
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

/// Waits until the database holds every id the mock generated from each symbol's first stored trade on, which is at or
/// before its first in `baseline` (the feed fetches the trades since its first connection opened when that connection
/// ended before delivering one, so a trade below the first stored one may be stored later); returns what was expected
/// then and what is stored.
func waitUntilGapless(
    _ exchange: MockExchange, symbols: [String], since baseline: [String: StoredIDs], in path: String, timeout: Duration = .seconds(60)
) async throws -> (expected: [String: StoredIDs], stored: [String: StoredIDs]) {
    let deadline = ContinuousClock.now + timeout
    var (expected, stored) = ([String: StoredIDs](), [String: StoredIDs]())
    while ContinuousClock.now < deadline {
        stored = (try? StoredIDs.read(path)) ?? [:]
        var since = baseline
        for (symbol, now) in stored where now.first < (since[symbol]?.first ?? .min) { since[symbol]?.first = now.first }
        expected = StoredIDs.generated(by: exchange, symbols: symbols, since: since)
        if stored == expected { break }
        try await Task.sleep(for: .milliseconds(250))
    }
    return (expected, stored)
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

/// Waits until the daemon on `port` reports a feed connection up. The mock counts a connection once its side of the
/// upgrade is done; on a loaded machine the daemon may give up on that attempt and connect again, and trades the mock
/// generated meanwhile went to a connection the daemon never read, before any trade told it where to resume from.
func waitForFeedUp(port: Int, timeout: Duration = .seconds(60)) async throws {
    let deadline = ContinuousClock.now + timeout
    while ContinuousClock.now < deadline {
        let body = (try? await httpGet(port: port, path: "/metrics").body) ?? ""
        if body.split(separator: "\n").contains(where: { $0.hasPrefix("pairwatch_feed_up{") && $0.hasSuffix(" 1") }) { return }
        try await Task.sleep(for: .milliseconds(50))
    }
    throw WaitError(description: "the daemon's feed did not come up within \(timeout)")
}
