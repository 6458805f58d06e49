// SPDX-License-Identifier: Apache-2.0
import MarketData
import ServiceLifecycle

/// Receives the trades a feed produces, in batches, in the order the feed saw them.
///
/// A handler that throws stops the feed: the feed's `run()` rethrows, and the daemon's service group decides
/// what that means for the process.
public typealias TradeHandler = @Sendable ([Trade]) async throws -> Void

/// A source of trades (live exchange, replay file, simulator) run as a service: `run()` delivers trades to the
/// handler given at initialisation until the source ends, the task is cancelled or graceful shutdown begins.
public protocol TradeFeed: Service {
    /// A short name for logs and metric labels (`simulate`, `binance`, `replay`).
    var name: String { get }
}
