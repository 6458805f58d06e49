// SPDX-License-Identifier: Apache-2.0
import MarketData
import Pipeline

/// One rule applied to one pair series: the alert's identity (labels and fingerprint), worked out once per
/// configuration rather than at every evaluation.
struct AlertTarget: Sendable {
    let rule: AlertRule
    let entry: PairBoardEntry
    let labels: [String: String]
    let fingerprint: String

    init(rule: AlertRule, entry: PairBoardEntry) {
        self.rule = rule
        self.entry = entry
        var labels = rule.labels
        labels["alertname"] = rule.name
        labels["pair"] = entry.series.pair
        labels["timeframe"] = entry.series.timeframe.name
        labels["severity"] = rule.severity
        self.labels = labels
        fingerprint = alertFingerprint(labels)
    }

    /// Every rule on every series it applies to, in rule then board order.
    static func all(rules: [AlertRule], entries: [PairBoardEntry]) -> [AlertTarget] {
        rules.flatMap { rule in entries.filter { rule.applies(to: $0.series) }.map { AlertTarget(rule: rule, entry: $0) } }
    }

    /// The rule's annotations rendered for this series, plus the value and threshold every receiver gets.
    func annotations(value: Double?) -> [String: String] {
        var rendered = rule.annotations.mapValues { AlertTemplate.render($0, labels: labels, value: value, threshold: rule.threshold) }
        rendered["value"] = AlertTemplate.format(value)
        rendered["threshold"] = AlertTemplate.format(rule.threshold)
        return rendered
    }
}

extension AlertRule {
    func applies(to series: PairSeries) -> Bool {
        (pairs?.contains(series.pair) ?? true) && (timeframes?.contains(series.timeframe) ?? true)
    }
}

/// Where the values of `feed_stale_seconds` come from: given the time, a lookup of the seconds since each symbol's
/// last trade (nil when unknown), taken once per evaluation. The daemon reads them from the ingest pipeline.
public typealias StalenessSource = @Sendable (_ nowMs: Int64) -> (_ symbol: String) -> Double?

extension AlertMetric {
    /// The metric's value for one series: from the series' latest reading, or for staleness from the staler leg.
    func value(of entry: PairBoardEntry, staleness: (String) -> Double?) -> Double? {
        if self == .feedStaleSeconds {
            let legs = [staleness(entry.series.a), staleness(entry.series.b)]
            return legs.contains(nil) ? nil : legs.compactMap { $0 }.max()
        }
        guard let values = entry.reading?.values else { return nil }
        switch self {
        case .zscore: return values.zScore
        case .absZscore: return values.zScore.map(abs)
        case .adfPValue: return values.adfPValue
        case .cointegrationPValue: return values.cointegrationPValue
        case .halfLifeSeconds: return values.halfLifeBars.map { $0 * entry.series.timeframe.seconds }
        case .correlation: return values.correlation
        case .feedStaleSeconds: return nil
        }
    }
}
