// SPDX-License-Identifier: Apache-2.0
import Pipeline

/// `pairwatch_symbol_*`: trades, last price and last trade time per symbol, read from the pipeline's
/// ``SymbolStatistics``. A symbol's series appear with its first trade.
public struct SymbolMetrics: MetricsCollector {
    let statistics: SymbolStatistics

    public init(_ statistics: SymbolStatistics) {
        self.statistics = statistics
    }

    public func collect() -> [MetricFamily] {
        let snapshot = statistics.snapshot.sorted { $0.key < $1.key }
        var total = MetricFamily(name: "pairwatch_symbol_trades_total", help: "Trades ingested per symbol from every source.", kind: .counter)
        var price = MetricFamily(name: "pairwatch_symbol_last_price", help: "Price of the latest trade per symbol (by event time).", kind: .gauge)
        var time = MetricFamily(
            name: "pairwatch_symbol_last_trade_timestamp_seconds", help: "Event time of the latest trade per symbol, seconds since the epoch.",
            kind: .gauge)
        for (symbol, state) in snapshot {
            let labels = [MetricLabel("symbol", symbol)]
            total.samples.append(MetricSample(labels: labels, value: Double(state.trades)))
            price.samples.append(MetricSample(labels: labels, value: state.lastPrice))
            time.samples.append(MetricSample(labels: labels, value: Double(state.lastTimeMs) / 1_000))
        }
        return [total, price, time]
    }
}
