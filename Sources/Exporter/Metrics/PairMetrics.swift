// SPDX-License-Identifier: Apache-2.0
import PairStats
import Pipeline

/// `pairwatch_pair_*`: the statistics of every monitored pair × timeframe, read from the monitor's ``PairBoard``
/// (without locks) at each scrape.
///
/// A statistic that is unavailable (too few bars, a constant leg, a spread that does not revert) has no sample, so
/// no NaN or frozen value is ever served; a series appears once both legs have closed a bar.
public struct PairMetrics: MetricsCollector {
    let board: PairBoard

    public init(_ board: PairBoard) {
        self.board = board
    }

    /// Name, help, and how a reading gives the value.
    private static let gauges: [(String, String, @Sendable (PairReading, Double) -> Double?)] = [
        ("pairwatch_pair_hedge_ratio", "Hedge ratio beta of A on B over the window (a = alpha + beta * b), by the pair's method.",
         { reading, _ in reading.snapshot.hedge.value?.slope }),
        ("pairwatch_pair_intercept", "Intercept alpha of the hedge regression of A on B over the window.",
         { reading, _ in reading.snapshot.hedge.value?.intercept }),
        ("pairwatch_pair_spread", "Latest spread a - beta * b (without the intercept).", { reading, _ in reading.snapshot.spread.value }),
        ("pairwatch_pair_zscore", "Z-score of the latest spread over the z-score window (sample standard deviation).",
         { reading, _ in reading.snapshot.zScore.value }),
        ("pairwatch_pair_adf_statistic", "Augmented Dickey-Fuller statistic of the spread over the window (constant, AIC lag).",
         { reading, _ in reading.snapshot.adf.value?.statistic }),
        ("pairwatch_pair_adf_pvalue", "MacKinnon (1994) p-value of the ADF test of the spread; small rejects a unit root.",
         { reading, _ in reading.snapshot.adf.value?.pValue }),
        ("pairwatch_pair_coint_pvalue", "Engle-Granger cointegration p-value of A on B over the window; small means cointegrated.",
         { reading, _ in reading.snapshot.cointegration.value?.pValue }),
        ("pairwatch_pair_half_life_seconds", "Half-life of mean reversion of the spread, in seconds (-ln 2 / lambda of its AR(1) fit).",
         { reading, barSeconds in reading.snapshot.halfLifeSeconds(barSeconds: barSeconds).value }),
        ("pairwatch_pair_correlation", "Pearson correlation of A and B prices over the window.", { reading, _ in reading.snapshot.correlation.value }),
        ("pairwatch_pair_window_samples", "Bars of both legs in the window (the window is full at the pair's configured size).",
         { reading, _ in Double(reading.snapshot.samples) }),
        ("pairwatch_pair_last_update_timestamp_seconds", "End of the latest bar the statistics include, seconds since the epoch.",
         { reading, _ in Double(reading.lastBarEndMs) / 1_000 }),
    ]

    public func collect() -> [MetricFamily] {
        let readings = board.entries.compactMap { entry in
            entry.reading.map { (labels: [MetricLabel("pair", entry.series.pair), MetricLabel("timeframe", entry.series.timeframe.name)],
                                 reading: $0, barSeconds: Double(entry.series.timeframe.milliseconds) / 1_000) }
        }
        return Self.gauges.map { name, help, value in
            var family = MetricFamily(name: name, help: help, kind: .gauge)
            family.samples.reserveCapacity(readings.count)
            for entry in readings {
                if let number = value(entry.reading, entry.barSeconds), number.isFinite {
                    family.samples.append(MetricSample(labels: entry.labels, value: number))
                }
            }
            return family
        }
    }
}
