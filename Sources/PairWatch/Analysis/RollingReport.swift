// SPDX-License-Identifier: Apache-2.0
import Foundation
import PairStats

/// `pairwatch analyze --rolling`: the rolling engine over the file, one row per bar once the window is full
/// (a backtest of the signal), as CSV or JSON lines. Absent values are empty cells or `null`.
enum RollingReport {
    static let columns = ["timestamp", "hedge_ratio", "intercept", "spread", "zscore", "adf_statistic", "adf_pvalue", "half_life_bars", "correlation"]

    static func render(_ series: PriceSeries, configuration: PairConfiguration, format: AnalyzeFormat) -> String {
        var engine = PairEngine(configuration: configuration)
        var output = format == .table ? columns.joined(separator: ",") + "\n" : ""
        // Epoch times and row numbers are numbers in JSON like every other column; a column holding any other
        // text (ISO dates) stays strings throughout, so a consumer never sees the type change between rows.
        let numericTime = series.timestamps.allSatisfy(AnalysisJSON.isNumber)
        for i in series.a.indices {
            // Prices were checked finite when read, so the engine cannot reject them.
            guard let snapshot = try? engine.update(a: series.a[i], b: series.b[i]), snapshot.samples == configuration.window else {
                continue
            }
            let values = [
                snapshot.hedge.value?.slope, snapshot.hedge.value?.intercept, snapshot.spread.value, snapshot.zScore.value,
                snapshot.adf.value?.statistic, snapshot.adf.value?.pValue, snapshot.halfLifeBars.value, snapshot.correlation.value,
            ]
            switch format {
            case .table:
                output += ([AnalysisCSVCell.escape(series.timestamps[i])] + values.map { $0.map { "\($0)" } ?? "" }).joined(separator: ",") + "\n"
            case .json:
                let time = series.timestamps[i]
                let fields = [("timestamp", numericTime ? time : AnalysisJSON.string(time))]
                    + zip(columns.dropFirst(), values).map { ($0, AnalysisJSON.of($1)) }
                output += AnalysisJSON.object(fields) + "\n"
            }
        }
        return output
    }
}

enum AnalysisCSVCell {
    /// Quotes a cell holding a comma, quote or line break (RFC 4180).
    static func escape(_ text: String) -> String {
        guard text.contains(where: { $0 == "," || $0 == "\"" || $0.isNewline }) else { return text }
        return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
