// SPDX-License-Identifier: Apache-2.0
import Pipeline

/// `pairwatch_symbol_bar_close` and `pairwatch_resampler_*`: the latest bar close per symbol and timeframe, bars the
/// live resampler closed per timeframe and late trades, read from the pipeline's ``ResamplerStatistics``.
public struct ResamplerMetrics: MetricsCollector {
    let statistics: ResamplerStatistics

    public init(_ statistics: ResamplerStatistics) {
        self.statistics = statistics
    }

    public func collect() -> [MetricFamily] {
        let current = statistics.snapshot
        let bars = current.bars.sorted { $0.key < $1.key }.map { MetricSample(labels: [MetricLabel("timeframe", $0.key)], value: Double($0.value)) }
        var closes = MetricFamily(name: "pairwatch_symbol_bar_close", help: "Close of the latest closed bar per symbol and timeframe.", kind: .gauge)
        for (symbol, timeframes) in current.lastCloses.sorted(by: { $0.key < $1.key }) {
            for (timeframe, close) in timeframes.sorted(by: { $0.key < $1.key }) {
                closes.samples.append(MetricSample(labels: [MetricLabel("symbol", symbol), MetricLabel("timeframe", timeframe)], value: close))
            }
        }
        return [
            closes,
            MetricFamily(name: "pairwatch_resampler_bars_total", help: "Bars closed by the live resampler, per timeframe.", kind: .counter, samples: bars),
            .single("pairwatch_resampler_late_trades_total", help: "Trades that arrived after their bar had closed; the bar is rebuilt from storage.",
                    kind: .counter, value: Double(current.lateTrades)),
        ]
    }
}
