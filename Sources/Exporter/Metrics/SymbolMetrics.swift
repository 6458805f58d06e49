// SPDX-License-Identifier: Apache-2.0
import Pipeline

/// `pairwatch_symbol_*`: trades, last price and last trade time per symbol, read from the pipeline's
/// ``SymbolStatistics``. A symbol's series appear with its first trade.
public struct SymbolMetrics: MetricsCollector {
    public typealias Row = (symbol: MetricLabels, state: SymbolStatistics.Symbol)
    let statistics: SymbolStatistics

    public init(_ statistics: SymbolStatistics) {
        self.statistics = statistics
    }

    public func snapshot() -> [Row] {
        statistics.snapshot.sorted { $0.key < $1.key }.map { (MetricLabels(["symbol": $0.key]), $0.value) }
    }

    public func write(_ snapshot: [Row], to encoder: inout MetricsEncoder) async {
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
