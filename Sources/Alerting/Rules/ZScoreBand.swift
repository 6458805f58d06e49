// SPDX-License-Identifier: Apache-2.0
import Pipeline

/// The z-scores at which the rules on `zscore` and `abs_zscore` would alert for one pair series: a z-score above
/// `upper` or below `lower` is past a threshold. The status page colours such values.
public struct ZScoreBand: Sendable, Equatable {
    /// The band when no rule on the z-score applies to a series: the usual entry level of a pairs trade.
    public static let defaultThreshold = 2.0

    public var upper: Double?
    public var lower: Double?

    public init(upper: Double?, lower: Double?) {
        self.upper = upper
        self.lower = lower
    }

    /// The band of `series` under `rules`: the tightest threshold on each side among the rules that apply, or
    /// ±``defaultThreshold`` when none of them watches the z-score. A side no rule watches stays open when another
    /// rule watches the z-score, since nothing would alert there.
    public init(series: PairSeries, rules: [AlertRule]) {
        var upper: Double?
        var lower: Double?
        var watched = false
        for rule in rules where rule.applies(to: series) {
            let above = rule.comparison == .greater || rule.comparison == .greaterOrEqual
            switch rule.metric {
            case .zscore:
                watched = true
                if above { upper = min(upper ?? rule.threshold, rule.threshold) } else { lower = max(lower ?? rule.threshold, rule.threshold) }
            case .absZscore where above:
                watched = true
                upper = min(upper ?? rule.threshold, rule.threshold)
                lower = max(lower ?? -rule.threshold, -rule.threshold)
            default:
                continue
            }
        }
        self = watched ? ZScoreBand(upper: upper, lower: lower) : ZScoreBand(upper: Self.defaultThreshold, lower: -Self.defaultThreshold)
    }

    /// True when `zScore` lies beyond either side of the band (on the threshold counts as past it).
    public func isPast(_ zScore: Double) -> Bool {
        if let upper, zScore >= upper { return true }
        if let lower, zScore <= lower { return true }
        return false
    }

    /// The band in words, for a tooltip: `alerts past ±2` or `alerts above 2.5, below -3`.
    public var summary: String {
        switch (lower, upper) {
        case (let lower?, let upper?) where lower == -upper: "alerts past ±\(AlertTemplate.format(upper))"
        case (let lower?, let upper?): "alerts above \(AlertTemplate.format(upper)), below \(AlertTemplate.format(lower))"
        case (nil, let upper?): "alerts above \(AlertTemplate.format(upper))"
        case (let lower?, nil): "alerts below \(AlertTemplate.format(lower))"
        case (nil, nil): "no alert on the z-score"
        }
    }
}
