// SPDX-License-Identifier: Apache-2.0
import Feeds
import Logging
import MarketData
import PairWatchConfig
import Pipeline
import Storage

/// `pairwatch backfill`: fetches a symbol's aggregate trades over Binance REST and stores them as an import does
/// (duplicates skipped, bars merged into the stored ones), one page per transaction.
public struct RESTBackfill: Sendable {
    /// Where a symbol's backfill starts.
    public enum Start: Sendable, Equatable {
        /// From this aggregate id.
        case id(Int64)
        /// From the first trade at or after this long ago.
        case since(Duration)
        /// From the id after the last one stored.
        case stored
    }

    /// What the backfill of one symbol did.
    public struct Outcome: Sendable, Equatable {
        public var symbol: String
        public var fromID: Int64?
        public var fetched = AggTradesFetchSummary()
        public var stored = ImportSummary()
    }

    public struct Failure: Error, CustomStringConvertible {
        public let description: String
    }

    let configuration: PairWatchConfiguration
    /// What REST retries and `Retry-After` pauses sleep on.
    let clock: any Clock<Duration>
    /// Wall time in milliseconds since the epoch, for `.since`.
    let nowMs: @Sendable () -> Int64
    let logger: Logger

    public init(
        configuration: PairWatchConfiguration, clock: any Clock<Duration>, nowMs: @escaping @Sendable () -> Int64,
        logger: Logger = Logger(label: "pairwatch.backfill")
    ) {
        self.configuration = configuration
        self.clock = clock
        self.nowMs = nowMs
        self.logger = logger
    }

    /// Backfills each symbol from `start` up to `untilID` (inclusive) or until caught up; `progress` hears of every page.
    public func run(
        symbols: [String], start: Start, untilID: Int64? = nil, progress: @escaping @Sendable (Outcome) -> Void = { _ in }
    ) async throws -> [Outcome] {
        // Swift opens an existential argument for a generic parameter from a local value, not from a stored property.
        let clock: any Clock<Duration> = clock
        return try await run(clock: clock, symbols: symbols, start: start, untilID: untilID, progress: progress)
    }

    private func run<C: Clock<Duration>>(
        clock: C, symbols: [String], start: Start, untilID: Int64?, progress: @escaping @Sendable (Outcome) -> Void
    ) async throws -> [Outcome] {
        let database = try TradeDatabase(path: configuration.storage.path)
        let importer = TradeImporter(database: database, timeframes: configuration.timeframes)
        let nowMs = nowMs
        return try await AggTradesClient.session(
            baseURL: configuration.feed.binance.restURL, clock: clock, nowMs: nowMs, logger: logger
        ) { client in
            var outcomes: [Outcome] = []
            for symbol in symbols {
                var outcome = Outcome(symbol: symbol)
                outcome.fromID = try await firstID(symbol, start: start, client: client, database: database, nowMs: nowMs())
                if let fromID = outcome.fromID {
                    outcome.fetched = try await client.fetch(symbol: symbol, fromId: fromID, until: untilID) { trades in
                        outcome.stored = outcome.stored + (try importer.importTrades(trades))
                        progress(outcome)
                    }
                }
                outcomes.append(outcome)
            }
            return outcomes
        }
    }

    /// The id to start at; nil when there is no trade to fetch (none since the time asked).
    private func firstID<C: Clock<Duration>>(
        _ symbol: String, start: Start, client: AggTradesClient<C>, database: TradeDatabase, nowMs: Int64
    ) async throws -> Int64? {
        switch start {
        case .id(let id):
            return id
        case .since(let duration):
            let ago = duration.components.seconds * 1_000 + duration.components.attoseconds / 1_000_000_000_000_000
            return try await client.firstID(symbol: symbol, atOrAfterMs: nowMs - ago)
        case .stored:
            guard let last = try database.lastTradeIDs(symbols: [symbol])[symbol] else {
                throw Failure(description: "\(symbol): no trade stored to continue from; give --from-id or --since")
            }
            return last + 1
        }
    }
}
