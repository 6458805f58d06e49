// SPDX-License-Identifier: Apache-2.0
import Feeds
import Logging
import MarketData
import PairWatchConfig

/// Builds the trade feed that `feed.source` names.
enum FeedFactory {
    /// What every feed may need from the daemon besides its own settings.
    struct Context<C: Clock<Duration>>: Sendable {
        var clock: C
        var nowMs: @Sendable () -> Int64
        var statistics: FeedStatistics
        var logger: Logger
        /// Each symbol's last stored trade id, where a live feed resumes and backfills from; read when the feed is made.
        var resumeFrom: @Sendable () throws -> [String: Int64]
    }

    static func make<C: Clock<Duration>>(
        _ feed: FeedConfig, symbols: [String], context: Context<C>, handler: @escaping TradeHandler
    ) throws -> any TradeFeed {
        switch feed.source {
        case .simulate:
            return SimulatedFeed(
                symbols: symbols, seed: feed.simulate.seed, tradesPerSecond: feed.simulate.tradesPerSecond, clock: context.clock,
                startTimeMs: context.nowMs, statistics: context.statistics, logger: context.logger, handler: handler)
        case .replay:
            // Checked here so that a missing file stops `serve` before it listens, not after.
            try FileAccess.checkReadable(feed.replay.file)
            return ReplayFeed(
                path: feed.replay.file, speed: feed.replay.speed, clock: context.clock, logger: context.logger, statistics: context.statistics,
                handler: handler)
        case .binance:
            let settings = BinanceFeedSettings(
                websocketURL: feed.binance.websocketURL, restURL: feed.binance.restURL, staleAfter: feed.binance.staleAfter.duration,
                initialBackoff: min(.seconds(1), feed.binance.maxReconnectDelay.duration), maximumBackoff: feed.binance.maxReconnectDelay.duration)
            let recorder = feed.record.isEmpty ? nil : try FrameRecorder(path: feed.record, maxBytes: feed.recordMaxBytes, logger: context.logger)
            let binance = BinanceFeed(
                symbols: symbols, settings: settings, resumeFrom: try context.resumeFrom(), clock: context.clock, nowMs: context.nowMs,
                statistics: context.statistics, recorder: recorder, logger: context.logger, handler: handler)
            return recorder.map { RecordingFeed(feed: binance, recorder: $0, clock: context.clock) } ?? binance
        }
    }
}
