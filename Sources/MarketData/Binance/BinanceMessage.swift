// SPDX-License-Identifier: Apache-2.0

/// One decoded Binance futures WebSocket message: a trade, a trade that is not to be priced, a control reply or an
/// error.
public enum BinanceMessage: Sendable, Equatable {
    /// An `aggTrade` (trade id `a`) or a `trade` (trade id `t`); `Trade.timeMs` is `T`, `eventTimeMs` is `E`.
    case trade(Trade, eventTimeMs: Int64)
    /// A `@trade` message whose `X` is `NA`: price and quantity are `"0"`, nothing to price.
    case skippedTrade
    /// The reply to a control request (`SUBSCRIBE`, `UNSUBSCRIBE`, `LIST_SUBSCRIPTIONS`): its `id`.
    case reply(id: UInt64)
    /// An error the server sent, flat (`{"code":..,"msg":..}`) or wrapped (`{"error":{..}}`); `id` when it had one.
    case error(code: Int, message: String, id: UInt64?)
}
