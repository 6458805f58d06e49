// SPDX-License-Identifier: Apache-2.0
import Exporter
import MarketData
import Synchronization

/// A board shaped like the pair monitor's at 1,000 pairs × 3 timeframes: 12 gauge families per series, labels
/// `pair="AAAUSDT/BBBUSDT"` and `timeframe="1m"` rendered once per series, values replaced at each bar close.
final class SyntheticPairMetrics: MetricsCollector {
    static let families = [
        "hedge_ratio", "intercept", "spread", "zscore", "adf_statistic", "adf_pvalue", "coint_pvalue", "half_life_seconds", "correlation",
        "window_samples", "last_update_timestamp_seconds", "bar_close",
    ].map { "pairwatch_pair_" + $0 }

    /// Values family-major: `values[family * labels.count + series]`.
    struct Board: Sendable {
        let labels: [MetricLabels]
        var values: [Double]
    }

    private let board: Mutex<Board>
    private let random: Mutex<SplitMix64>

    init(pairs: Int, timeframes: [String], seed: UInt64) {
        var labels: [MetricLabels] = []
        for pair in 0..<pairs {
            for timeframe in timeframes {
                labels.append(MetricLabels(["pair": Self.symbol(2 * pair) + "/" + Self.symbol(2 * pair + 1), "timeframe": timeframe]))
            }
        }
        random = Mutex(SplitMix64(seed: seed))
        board = Mutex(Board(labels: labels, values: []))
        closeBar()
    }

    var seriesCount: Int { board.withLock { $0.labels.count } }

    /// New full-precision values for every series, as when a bar closes for every symbol.
    func closeBar() {
        let count = seriesCount * Self.families.count
        var values = [Double](repeating: 0, count: count)
        random.withLock { random in
            for index in values.indices { values[index] = random.nextUnit() * 4 - 2 }
        }
        board.withLock { $0.values = values }
    }

    func snapshot() -> Board { board.withLock { $0 } }

    func write(_ board: Board, to encoder: inout MetricsEncoder) async {
        for (family, name) in Self.families.enumerated() {
            await encoder.family(name, help: "Synthetic pair statistic \(family).", type: .gauge)
            let base = family * board.labels.count
            for (series, labels) in board.labels.enumerated() { await encoder.sample(board.values[base + series], labels: labels) }
        }
    }

    /// `AAAUSDT`, `AABUSDT`, ...: every symbol the same length, as real tickers mostly are.
    private static func symbol(_ index: Int) -> String {
        let letters = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZ")
        return String([letters[(index / 676) % 26], letters[(index / 26) % 26], letters[index % 26]]) + "USDT"
    }
}
