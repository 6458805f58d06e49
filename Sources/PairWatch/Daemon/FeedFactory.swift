// SPDX-License-Identifier: Apache-2.0
import Feeds
import Logging
import MarketData
import PairWatchConfig

/// Builds the trade feed that `feed.source` names.
enum FeedFactory {
    static func make<C: Clock<Duration>>(
        _ feed: FeedConfig, symbols: [String], clock: C, nowMs: @escaping @Sendable () -> Int64, logger: Logger,
        handler: @escaping TradeHandler
    ) throws -> any TradeFeed {
        switch feed.source {
        case .simulate:
            return SimulatedFeed(
                symbols: symbols, seed: feed.simulate.seed, tradesPerSecond: feed.simulate.tradesPerSecond, clock: clock, startTimeMs: nowMs,
                logger: logger, handler: handler)
        case .replay:
            // Checked here so that a missing file stops `serve` before it listens, not after.
            try FileAccess.checkReadable(feed.replay.file)
            return ReplayFeed(path: feed.replay.file, speed: feed.replay.speed, clock: clock, logger: logger, handler: handler)
        case .binance:
            // Configuration validation rejects this source while the live feed is not part of the build.
            throw FeedUnavailable(source: "binance")
        }
    }
}

struct FeedUnavailable: Error, CustomStringConvertible {
    let source: String
    var description: String { "feed.source: \(source) is not available in this release" }
}
