// SPDX-License-Identifier: Apache-2.0
import Foundation
import PairStats

/// The summary `pairwatch analyze` prints: a table for people, a JSON object with a fixed key order for
/// scripts (absent statistics are `null`).
struct AnalysisReport {
    let snapshot: PairSnapshot
    let configuration: PairConfiguration

    /// `{"method":…,"window":…,"zscore_window":…,"samples":…,"hedge_ratio":…,"intercept":…,"spread_last":…,
    /// "zscore_last":…,"adf":{…},"half_life_bars":…,"coint":{…},"correlation":…}` on one line.
    func json() -> String {
        let s = snapshot
        let fields: [(String, String)] = [
            ("method", "\"\(configuration.method.rawValue)\""),
            ("window", "\(configuration.window)"),
            ("zscore_window", "\(configuration.zscoreWindow)"),
            ("samples", "\(s.samples)"),
            ("hedge_ratio", AnalysisJSON.of(s.hedge.value?.slope)),
            ("intercept", AnalysisJSON.of(s.hedge.value?.intercept)),
            ("spread_last", AnalysisJSON.of(s.spread.value)),
            ("zscore_last", AnalysisJSON.of(s.zScore.value)),
            ("adf", s.adf.value.map(Self.adfJSON) ?? "null"),
            ("half_life_bars", AnalysisJSON.of(s.halfLifeBars.value)),
            ("coint", s.cointegration.value.map(Self.cointJSON) ?? "null"),
            ("correlation", AnalysisJSON.of(s.correlation.value)),
        ]
        return AnalysisJSON.object(fields)
    }

    private static func adfJSON(_ adf: ADFResult) -> String {
        AnalysisJSON.object([
            ("statistic", AnalysisJSON.of(adf.statistic)), ("pvalue", AnalysisJSON.of(adf.pValue)),
            ("used_lag", "\(adf.usedLag)"), ("nobs", "\(adf.observations)"),
            ("critical_values", criticalJSON(adf.criticalValues)),
        ])
    }

    private static func cointJSON(_ coint: CointegrationResult) -> String {
        AnalysisJSON.object([
            ("statistic", AnalysisJSON.of(coint.statistic)), ("pvalue", AnalysisJSON.of(coint.pValue)),
            ("critical_values", criticalJSON(coint.criticalValues)),
        ])
    }

    private static func criticalJSON(_ c: CriticalValues) -> String {
        AnalysisJSON.object([("1%", AnalysisJSON.of(c.onePercent)), ("5%", AnalysisJSON.of(c.fivePercent)), ("10%", AnalysisJSON.of(c.tenPercent))])
    }

    /// Aligned `label  value` lines; an absent statistic shows its reason.
    /// `origin` says where the series came from: the CSV file, or the timeframe and database.
    func table(a: String, b: String, origin: String) -> String {
        let s = snapshot
        let rows: [(String, String)] = [
            ("pair", "\(a) on \(b) (\(origin))"),
            ("method", configuration.method.rawValue),
            ("window", "\(s.samples) bars, z-score over \(configuration.zscoreWindow)"),
            ("hedge ratio", Self.text(s.hedge.map(\.slope))),
            ("intercept", Self.text(s.hedge.map(\.intercept))),
            ("spread (last)", Self.text(s.spread)),
            ("z-score (last)", Self.text(s.zScore)),
            ("adf", Self.text(s.adf.map(Self.adfText))),
            ("half-life", Self.text(s.halfLifeBars.map { "\(Self.number($0)) bars" })),
            ("cointegration", Self.text(s.cointegration.map(Self.cointText))),
            ("correlation", Self.text(s.correlation)),
        ]
        return rows.map { $0.0.padding(toLength: 16, withPad: " ", startingAt: 0) + $0.1 }.joined(separator: "\n") + "\n"
    }

    private static func adfText(_ adf: ADFResult) -> String {
        let test = "\(number(adf.statistic))  p=\(number(adf.pValue, digits: 3))"
        return "\(test)  lag \(adf.usedLag)  nobs \(adf.observations)  \(critical(adf.criticalValues))"
    }

    private static func cointText(_ coint: CointegrationResult) -> String {
        "\(number(coint.statistic))  p=\(number(coint.pValue, digits: 3))  \(critical(coint.criticalValues))"
    }

    private static func critical(_ c: CriticalValues) -> String {
        "(1% \(number(c.onePercent, digits: 4)), 5% \(number(c.fivePercent, digits: 4)), 10% \(number(c.tenPercent, digits: 4)))"
    }

    private static func text(_ statistic: Statistic<Double>) -> String { text(statistic.map { number($0) }) }

    private static func text(_ statistic: Statistic<String>) -> String {
        switch statistic {
        case .available(let value): value
        case .unavailable(let reason): "n/a (\(reason))"
        }
    }

    static func number(_ value: Double, digits: Int = 6) -> String { String(format: "%.\(digits)g", value) }
}

/// JSON text for numbers and flat objects, keeping the key order given.
enum AnalysisJSON {
    /// Shortest round-tripping decimal (`Double.description` is valid JSON for finite values), or `null`.
    static func of(_ value: Double?) -> String {
        guard let value, value.isFinite else { return "null" }
        return "\(value)"
    }

    /// Whether `text` is a number exactly as JSON spells one (RFC 8259 §6), so it can be written unquoted as is:
    /// `-12`, `1.5e3`; not `+1`, `01`, `.5`, `NaN` or with spaces.
    static func isNumber(_ text: String) -> Bool {
        var bytes = text.utf8[...]
        func digits() -> Int {
            let count = bytes.prefix { $0 &- 48 < 10 }.count
            bytes = bytes.dropFirst(count)
            return count
        }
        if bytes.first == UInt8(ascii: "-") { bytes = bytes.dropFirst() }
        let leadingZero = bytes.first == UInt8(ascii: "0")
        let integer = digits()
        guard integer > 0, !(leadingZero && integer > 1) else { return false }
        if bytes.first == UInt8(ascii: ".") {
            bytes = bytes.dropFirst()
            guard digits() > 0 else { return false }
        }
        if bytes.first == UInt8(ascii: "e") || bytes.first == UInt8(ascii: "E") {
            bytes = bytes.dropFirst()
            if bytes.first == UInt8(ascii: "+") || bytes.first == UInt8(ascii: "-") { bytes = bytes.dropFirst() }
            guard digits() > 0 else { return false }
        }
        return bytes.isEmpty
    }

    static func object(_ fields: [(String, String)]) -> String {
        "{" + fields.map { "\"\($0.0)\":\($0.1)" }.joined(separator: ",") + "}"
    }

    static func string(_ text: String) -> String {
        var escaped = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": escaped += "\\\""
            case "\\": escaped += "\\\\"
            case _ where scalar.value < 0x20: escaped += String(format: "\\u%04x", scalar.value)
            default: escaped.unicodeScalars.append(scalar)
            }
        }
        return escaped + "\""
    }
}
