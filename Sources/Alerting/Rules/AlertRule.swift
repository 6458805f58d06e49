// SPDX-License-Identifier: Apache-2.0
import MarketData

/// What a rule watches, named as in the configuration (`metric:`).
public enum AlertMetric: String, Sendable, CaseIterable {
    case zscore
    case absZscore = "abs_zscore"
    case adfPValue = "adf_pvalue"
    case cointegrationPValue = "coint_pvalue"
    case halfLifeSeconds = "half_life_seconds"
    case correlation
    /// Seconds since the staler leg of the pair last received a trade.
    case feedStaleSeconds = "feed_stale_seconds"
}

/// How the value is compared with the threshold (`op:`).
public enum AlertComparison: String, Sendable, CaseIterable {
    case greater = ">"
    case greaterOrEqual = ">="
    case less = "<"
    case lessOrEqual = "<="

    public func holds(_ value: Double, _ bound: Double) -> Bool {
        switch self {
        case .greater: value > bound
        case .greaterOrEqual: value >= bound
        case .less: value < bound
        case .lessOrEqual: value <= bound
        }
    }
}

/// One configured alerting rule, checked by the configuration before it gets here.
public struct AlertRule: Sendable, Equatable {
    /// The `alertname` label.
    public var name: String
    /// `A/B` names of the pairs the rule applies to; nil means every pair.
    public var pairs: [String]?
    /// nil means every timeframe of each pair.
    public var timeframes: [Timeframe]?
    public var metric: AlertMetric
    public var comparison: AlertComparison
    public var threshold: Double
    /// Hysteresis: a firing alert resolves only once `value comparison clear` no longer holds. Equal to `threshold`
    /// unless configured, and never on the firing side of it.
    public var clear: Double
    /// How long the condition must hold before the alert fires, in milliseconds.
    public var forMs: Int64
    public var severity: String
    /// Extra labels, added to `alertname`, `pair`, `timeframe` and `severity`.
    public var labels: [String: String]
    /// Annotation templates; `{{pair}}`, `{{timeframe}}`, `{{value}}`, `{{threshold}}`, `{{alertname}}` and
    /// `{{severity}}` are replaced.
    public var annotations: [String: String]

    public init(
        name: String, pairs: [String]? = nil, timeframes: [Timeframe]? = nil, metric: AlertMetric, comparison: AlertComparison,
        threshold: Double, clear: Double? = nil, forMs: Int64 = 0, severity: String = "warning", labels: [String: String] = [:],
        annotations: [String: String] = [:]
    ) {
        self.name = name
        self.pairs = pairs
        self.timeframes = timeframes
        self.metric = metric
        self.comparison = comparison
        self.threshold = threshold
        self.clear = clear ?? threshold
        self.forMs = forMs
        self.severity = severity
        self.labels = labels
        self.annotations = annotations
    }
}
