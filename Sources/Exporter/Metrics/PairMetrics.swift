// SPDX-License-Identifier: Apache-2.0
import PairStats
import Pipeline
import Synchronization

/// `pairwatch_pair_*`: the statistics of every monitored pair × timeframe, read from the monitor's ``PairBoard``
/// (without locks) at each scrape.
///
/// A statistic that is unavailable (too few bars, a constant leg, a spread that does not revert) has no sample, so
/// no NaN or frozen value is ever served; a series appears once both legs have closed a bar. The snapshot takes each
/// series' latest reading once, so every family of one scrape describes the same bar. Label sets are rendered once
/// per series and kept while it is on the board.
public final class PairMetrics: MetricsCollector {
    public struct Row: Sendable {
        let labels: MetricLabels
        let reading: PairReading
        let barSeconds: Double
    }

    private let board: PairBoard
    private let labels = Mutex<[PairSeries: MetricLabels]>([:])

    public init(_ board: PairBoard) {
        self.board = board
    }

    /// Name, help, and how a reading gives the value.
    private static let gauges: [(String, String, @Sendable (Row) -> Double?)] = [
        ("pairwatch_pair_hedge_ratio", "Hedge ratio beta of A on B over the window (a = alpha + beta * b), by the pair's method.",
         { $0.reading.snapshot.hedge.value?.slope }),
        ("pairwatch_pair_intercept", "Intercept alpha of the hedge regression of A on B over the window.",
         { $0.reading.snapshot.hedge.value?.intercept }),
        ("pairwatch_pair_spread", "Latest spread a - beta * b (without the intercept).", { $0.reading.snapshot.spread.value }),
        ("pairwatch_pair_zscore", "Z-score of the latest spread over the z-score window (sample standard deviation).",
         { $0.reading.snapshot.zScore.value }),
        ("pairwatch_pair_adf_statistic", "Augmented Dickey-Fuller statistic of the spread over the window (constant, AIC lag).",
         { $0.reading.snapshot.adf.value?.statistic }),
        ("pairwatch_pair_adf_pvalue", "MacKinnon (1994) p-value of the ADF test of the spread; small rejects a unit root.",
         { $0.reading.snapshot.adf.value?.pValue }),
        ("pairwatch_pair_coint_pvalue", "Engle-Granger cointegration p-value of A on B over the window; small means cointegrated.",
         { $0.reading.snapshot.cointegration.value?.pValue }),
        ("pairwatch_pair_half_life_seconds", "Half-life of mean reversion of the spread, in seconds (-ln 2 / lambda of its AR(1) fit).",
         { $0.reading.snapshot.halfLifeSeconds(barSeconds: $0.barSeconds).value }),
        ("pairwatch_pair_correlation", "Pearson correlation of A and B closes over the window.", { $0.reading.snapshot.correlation.value }),
        ("pairwatch_pair_window_samples", "Bars of both legs in the window (the window is full at the pair's configured size).",
         { Double($0.reading.snapshot.samples) }),
        ("pairwatch_pair_last_update_timestamp_seconds", "End of the latest bar the statistics include, seconds since the epoch.",
         { Double($0.reading.lastBarEndMs) / 1_000 }),
    ]

    public func snapshot() -> [Row] {
        let entries = board.entries
        return labels.withLock { cache in
            // Series that left the board (a reload) take their label sets with them.
            if cache.count > entries.count { cache = cache.filter { key, _ in entries.contains { $0.series == key } } }
            var rows: [Row] = []
            rows.reserveCapacity(entries.count)
            for entry in entries {
                guard let reading = entry.reading else { continue }
                let series = entry.series
                let labels = cache[series] ?? MetricLabels(["pair": series.pair, "timeframe": series.timeframe.name])
                cache[series] = labels
                rows.append(Row(labels: labels, reading: reading, barSeconds: Double(series.timeframe.milliseconds) / 1_000))
            }
            return rows
        }
    }

    public func write(_ rows: [Row], to encoder: inout MetricsEncoder) async {
        for (name, help, value) in Self.gauges {
            await encoder.family(name, help: help, type: .gauge)
            for row in rows {
                if let number = value(row), number.isFinite { await encoder.sample(number, labels: row.labels) }
            }
        }
    }
}
