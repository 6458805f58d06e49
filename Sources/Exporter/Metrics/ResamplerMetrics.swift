// SPDX-License-Identifier: Apache-2.0
import MarketData
import Synchronization

/// Bars the live resampler closed, per timeframe, and trades that arrived after their bar had closed.
public final class ResamplerMetrics: MetricsCollector {
    private struct State {
        var bars: [String: UInt64] = [:]
        var late: UInt64 = 0
    }

    private let state: Mutex<State>

    /// Every timeframe is exported from the start, at 0, so rates work before the first bar closes.
    public init(timeframes: [Timeframe]) {
        state = Mutex(State(bars: Dictionary(uniqueKeysWithValues: timeframes.map { ($0.name, 0) })))
    }

    public func record(_ output: Resampler.Output) {
        state.withLock { state in
            for bar in output.closed { state.bars[bar.timeframe.name, default: 0] += 1 }
            state.late += UInt64(output.late.count)
        }
    }

    public func snapshot() -> (bars: [(timeframe: MetricLabels, count: UInt64)], late: UInt64) {
        let current = state.withLock { $0 }
        return (current.bars.sorted { $0.key < $1.key }.map { (MetricLabels(["timeframe": $0.key]), $0.value) }, current.late)
    }

    public func write(_ snapshot: (bars: [(timeframe: MetricLabels, count: UInt64)], late: UInt64), to encoder: inout MetricsEncoder) async {
        await encoder.family("pairwatch_resampler_bars_total", help: "Bars closed by the live resampler, per timeframe.", type: .counter)
        for bar in snapshot.bars { await encoder.sample(Double(bar.count), labels: bar.timeframe) }
        await encoder.family(
            "pairwatch_resampler_late_trades_total", help: "Trades that arrived after their bar had closed; the bar is rebuilt from storage.",
            type: .counter)
        await encoder.sample(Double(snapshot.late))
    }
}
