// SPDX-License-Identifier: Apache-2.0
import MarketData
import Synchronization

/// Per-symbol ingest state: trades seen, last price and last trade time, fed by the pipeline for every trade
/// of every source.
///
/// "Last" means the trade with the highest event time seen, so an out-of-order trade does not move the gauges
/// backwards. A symbol appears once its first trade arrives; before that its series are absent.
public final class SymbolMetrics: MetricsCollector {
    public struct State: Equatable, Sendable {
        var trades: UInt64 = 0
        var lastPrice: Double = 0
        var lastTimeMs: Int64 = .min
    }

    private let states = Mutex<[String: State]>([:])

    public init() {}

    public func record(_ trades: some Sequence<Trade>) {
        states.withLock { states in
            for trade in trades {
                var state = states[trade.symbol, default: State()]
                state.trades += 1
                if trade.timeMs >= state.lastTimeMs {
                    state.lastTimeMs = trade.timeMs
                    state.lastPrice = trade.price
                }
                states[trade.symbol] = state
            }
        }
    }

    public func snapshot() -> [(symbol: MetricLabels, state: State)] {
        states.withLock { $0 }.sorted { $0.key < $1.key }.map { (MetricLabels(["symbol": $0.key]), $0.value) }
    }

    public func write(_ snapshot: [(symbol: MetricLabels, state: State)], to encoder: inout MetricsEncoder) async {
        await encoder.family("pairwatch_symbol_trades_total", help: "Trades ingested per symbol from every source.", type: .counter)
        for row in snapshot { await encoder.sample(Double(row.state.trades), labels: row.symbol) }
        await encoder.family("pairwatch_symbol_last_price", help: "Price of the latest trade per symbol (by event time).", type: .gauge)
        for row in snapshot { await encoder.sample(row.state.lastPrice, labels: row.symbol) }
        await encoder.family(
            "pairwatch_symbol_last_trade_timestamp_seconds", help: "Event time of the latest trade per symbol, seconds since the epoch.",
            type: .gauge)
        for row in snapshot { await encoder.sample(Double(row.state.lastTimeMs) / 1_000, labels: row.symbol) }
    }
}
