// SPDX-License-Identifier: Apache-2.0
import Pipeline

/// `pairwatch_symbol_bar_close` and `pairwatch_resampler_*`: the latest bar close per symbol and timeframe, bars the
/// live resampler closed per timeframe and late trades, read from the pipeline's ``ResamplerStatistics``.
public struct ResamplerMetrics: MetricsCollector {
    public struct Snapshot: Sendable {
        var closes: [(labels: MetricLabels, close: Double)]
        var bars: [(timeframe: MetricLabels, count: UInt64)]
        var late: UInt64
    }

    let statistics: ResamplerStatistics

    public init(_ statistics: ResamplerStatistics) {
        self.statistics = statistics
    }

    public func snapshot() -> Snapshot {
        let current = statistics.snapshot
        var closes: [(labels: MetricLabels, close: Double)] = []
        for (symbol, timeframes) in current.lastCloses.sorted(by: { $0.key < $1.key }) {
            for (timeframe, close) in timeframes.sorted(by: { $0.key < $1.key }) {
                closes.append((MetricLabels(["symbol": symbol, "timeframe": timeframe]), close))
            }
        }
        let bars = current.bars.sorted { $0.key < $1.key }.map { (MetricLabels(["timeframe": $0.key]), $0.value) }
        return Snapshot(closes: closes, bars: bars, late: current.lateTrades)
    }

    public func write(_ snapshot: Snapshot, to encoder: inout MetricsEncoder) async {
        await encoder.family("pairwatch_symbol_bar_close", help: "Close of the latest closed bar per symbol and timeframe.", type: .gauge)
        for row in snapshot.closes { await encoder.sample(row.close, labels: row.labels) }
        await encoder.family("pairwatch_resampler_bars_total", help: "Bars closed by the live resampler, per timeframe.", type: .counter)
        for bar in snapshot.bars { await encoder.sample(Double(bar.count), labels: bar.timeframe) }
        await encoder.family(
            "pairwatch_resampler_late_trades_total", help: "Trades that arrived after their bar had closed; the bar is rebuilt from storage.",
            type: .counter)
        await encoder.sample(Double(snapshot.late))
    }
}
