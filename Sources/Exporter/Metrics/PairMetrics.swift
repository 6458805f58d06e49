// SPDX-License-Identifier: Apache-2.0
import MarketData
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
    /// Every series with a reading: its label set, and its value for each family in `families` order (NaN: absent,
    /// which the encoder leaves out).
    public struct Snapshot: Sendable {
        let labels: [MetricLabels]
        let values: [Double]
    }

    private let board: PairBoard
    /// Label sets by board entry, kept while the entry is on the board (the series is compared too, so an entry
    /// address reused after a reload can never lend its labels to another series).
    private let labels = Mutex<[ObjectIdentifier: (series: PairSeries, labels: MetricLabels)]>([:])

    public init(_ board: PairBoard) {
        self.board = board
    }

    /// Name and help of each family, in the order of ``columns(_:timeframe:)``.
    private static let families: [(name: String, help: String)] = [
        ("pairwatch_pair_hedge_ratio", "Hedge ratio beta of A on B over the window (a = alpha + beta * b), by the pair's method."),
        ("pairwatch_pair_intercept", "Intercept alpha of the hedge regression of A on B over the window."),
        ("pairwatch_pair_spread", "Latest spread a - beta * b (without the intercept)."),
        ("pairwatch_pair_zscore", "Z-score of the latest spread over the z-score window (sample standard deviation)."),
        ("pairwatch_pair_adf_statistic", "Augmented Dickey-Fuller statistic of the spread over the window (constant, AIC lag)."),
        ("pairwatch_pair_adf_pvalue", "MacKinnon (1994) p-value of the ADF test of the spread; small rejects a unit root."),
        ("pairwatch_pair_coint_pvalue", "Engle-Granger cointegration p-value of A on B over the window; small means cointegrated."),
        ("pairwatch_pair_half_life_seconds", "Half-life of mean reversion of the spread, in seconds (-ln 2 / lambda of its AR(1) fit)."),
        ("pairwatch_pair_correlation", "Pearson correlation of A and B closes over the window."),
        ("pairwatch_pair_window_samples", "Bars of both legs in the window (the window is full at the pair's configured size)."),
        ("pairwatch_pair_last_update_timestamp_seconds", "End of the latest bar the statistics include, seconds since the epoch."),
    ]

    /// One series' value for each family, in `families` order (NaN: absent). Plain code rather than a closure per
    /// family: at 33,000 samples a scrape spent a tenth of its time retaining and releasing the closures.
    private static func columns(_ reading: PairReading, timeframe: Timeframe) -> [11 of Double] {
        let values = reading.values
        return [
            values.hedgeRatio ?? .nan, values.intercept ?? .nan, values.spread ?? .nan, values.zScore ?? .nan,
            values.adfStatistic ?? .nan, values.adfPValue ?? .nan, values.cointegrationPValue ?? .nan,
            values.halfLifeSeconds(timeframe) ?? .nan, values.correlation ?? .nan, Double(values.samples),
            Double(reading.lastBarEndMs) / 1_000,
        ]
    }

    /// Reads each series' latest reading once, so every family of one scrape describes the same bar, and lays the
    /// values out family by family.
    public func snapshot() -> Snapshot {
        let entries = board.entries
        var readings: [PairReading] = []
        var present: [PairBoardEntry] = []
        readings.reserveCapacity(entries.count)
        present.reserveCapacity(entries.count)
        for entry in entries {
            guard let reading = entry.reading else { continue }
            readings.append(reading)
            present.append(entry)
        }
        let count = readings.count
        var values = [Double](repeating: .nan, count: count * Self.families.count)
        values.withUnsafeMutableBufferPointer { table in
            for row in 0..<count {
                let columns = Self.columns(readings[row], timeframe: present[row].series.timeframe)
                for family in 0..<columns.count { table[family * count + row] = columns[family] }
            }
        }
        return Snapshot(labels: labelSets(present, board: entries), values: values)
    }

    private func labelSets(_ present: [PairBoardEntry], board entries: [PairBoardEntry]) -> [MetricLabels] {
        labels.withLock { cache in
            // Series that left the board (a reload) take their label sets with them.
            if cache.count > entries.count {
                let live = Set(entries.map(ObjectIdentifier.init))
                cache = cache.filter { live.contains($0.key) }
            }
            return present.map { entry in
                let key = ObjectIdentifier(entry)
                if let cached = cache[key], cached.series == entry.series { return cached.labels }
                let labels = MetricLabels(["pair": entry.series.pair, "timeframe": entry.series.timeframe.name])
                cache[key] = (entry.series, labels)
                return labels
            }
        }
    }

    public func write(_ snapshot: Snapshot, to encoder: inout MetricsEncoder) async {
        let count = snapshot.labels.count
        for (index, family) in Self.families.enumerated() {
            await encoder.family(family.name, help: family.help, type: .gauge)
            await encoder.samples(snapshot.values[(index * count)..<((index + 1) * count)], labels: snapshot.labels)
        }
    }
}
