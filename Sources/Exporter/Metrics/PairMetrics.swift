// SPDX-License-Identifier: Apache-2.0
import MarketData
import NIOCore
import PairStats
import Pipeline

/// `pairwatch_pair_*`: the statistics of every monitored pair × timeframe, read from the monitor's ``PairBoard``
/// (without locks) at each scrape.
///
/// A statistic that is unavailable (too few bars, a constant leg, a spread that does not revert) has no sample, so
/// no NaN or frozen value is ever served; a series appears once both legs have closed a bar. The snapshot takes each
/// series' latest reading once, so every family of one scrape describes the same bar. A reading's values are
/// formatted once, by the first scrape that sees it, and copied by every scrape while it is current, so the cost of
/// formatting follows the rate of new readings, not the rate of scrapes.
public final class PairMetrics: MetricsCollector {
    /// Every series' sample lines, in board order.
    public struct Snapshot: Sendable {
        let rows: [SampleLines]
    }

    private let board: PairBoard
    private let lines = ReadingFragments<SampleLines> { entry, reading, previous in
        PairMetrics.lines(entry.series, reading: reading, previous: previous)
    }

    public init(_ board: PairBoard) {
        self.board = board
    }

    /// Name and help of each family, in the order of ``columns(_:timeframe:)`` and of ``SampleLines``.
    private static let families: [(name: StaticString, help: String)] = [
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

    public func snapshot() -> Snapshot {
        let entries = board.entries
        return Snapshot(rows: lines.fragments(entries, board: entries.count))
    }

    public func write(_ snapshot: Snapshot, to encoder: inout MetricsEncoder) async {
        let rows = snapshot.rows
        for (index, family) in Self.families.enumerated() {
            await encoder.family(family.name.description, help: family.help, type: .gauge)
            var row = 0
            await encoder.lines { buffer in
                guard row < rows.count else { return false }
                // Borrowed through the pointer: taking each row out of the array would retain and release it.
                rows.withUnsafeBufferPointer { $0[row].write(family: index, name: family.name, to: &buffer) }
                row += 1
                return true
            }
        }
    }

    /// A series' label set (from its previous reading's text when there is one) and the text of each family's value;
    /// no values before its first reading.
    static func lines(_ series: PairSeries, reading: PairReading?, previous: SampleLines?) -> SampleLines {
        var ends = [12 of UInt16](repeating: 0)
        var text: [UInt8] = []
        text.reserveCapacity((previous.map { Int($0.ends[0]) } ?? 48) + families.count * 20)
        if let previous {
            text.append(contentsOf: previous.text[..<Int(previous.ends[0])])
        } else {
            text.append(contentsOf: MetricLabels(["pair": series.pair, "timeframe": series.timeframe.name]).rendered.utf8)
        }
        ends[0] = UInt16(text.count)
        let values = reading.map { columns($0, timeframe: series.timeframe) } ?? [11 of Double](repeating: .nan)
        for family in families.indices {
            if values[family].isFinite {
                withUnsafeTemporaryAllocation(byteCount: 40, alignment: 1) { raw in
                    text.append(contentsOf: UnsafeRawBufferPointer(rebasing: raw[..<MetricValue.write(values[family], into: raw)]))
                }
            }
            ends[family + 1] = UInt16(text.count)
        }
        return SampleLines(text: text, ends: ends)
    }
}

/// One series' sample text, written once per reading in one array: its label set (`text[..<ends[0]]`), then the
/// value of each family `f` (`text[ends[f]..<ends[f + 1]]`, empty when the statistic is unavailable), about 250 bytes
/// a reading where its lines would take a kilobyte. A class, so that a scrape handles each series' text by one
/// reference rather than copying its fields.
final class SampleLines: Sendable {
    let text: [UInt8]
    let ends: [12 of UInt16]

    init(text: [UInt8], ends: [12 of UInt16]) {
        self.text = text
        self.ends = ends
    }

    func write(family: Int, name: StaticString, to buffer: inout ByteBuffer) {
        let start = Int(ends[family]), end = Int(ends[family + 1])
        guard end > start else { return }
        text.withUnsafeBytes { text in
            let labels = UnsafeRawBufferPointer(rebasing: text[..<Int(ends[0])])
            MetricsEncoder.line(name, labels: labels, value: UnsafeRawBufferPointer(rebasing: text[start..<end]), to: &buffer)
        }
    }
}
