// SPDX-License-Identifier: Apache-2.0
import Alerting
import BenchSupport

/// The rules of the alerting benchmark, three per pair series, in two sets: one that never holds on the benchmark's
/// readings (an evaluation that changes nothing) and one that always does (every alert fires at its first reading).
enum BenchRules {
    /// Every rule renders the same annotation, so each transition pays for a template as a configured one would.
    static let annotations = ["summary": "{{alertname}} on {{pair}} {{timeframe}}: {{value}} against {{threshold}}"]

    /// Thresholds no reading reaches (a |z| of 1,000, a p-value above 2, a correlation below -2): every series is
    /// evaluated after its new reading and nothing transitions.
    static let quiet = [
        AlertRule(name: "SpreadExtreme", metric: .absZscore, comparison: .greater, threshold: 1_000, annotations: annotations),
        AlertRule(name: "CointegrationLost", metric: .cointegrationPValue, comparison: .greater, threshold: 2, annotations: annotations),
        AlertRule(name: "CorrelationBroken", metric: .correlation, comparison: .less, threshold: -2, annotations: annotations),
    ]

    /// Conditions every computed value meets, without `for`: all alerts fire together, then stay firing. All three on
    /// the correlation, the one statistic every series of the benchmark always has (the z-score and the ADF and
    /// cointegration p-values are unavailable for a few of them at some bars, which would resolve alerts).
    static let storm = [
        AlertRule(name: "Correlated", metric: .correlation, comparison: .greaterOrEqual, threshold: -1, annotations: annotations),
        AlertRule(name: "CorrelationBounded", metric: .correlation, comparison: .lessOrEqual, threshold: 1, annotations: annotations),
        AlertRule(name: "CorrelationKnown", metric: .correlation, comparison: .greater, threshold: -2, annotations: annotations),
    ]

    /// The storm's rules plus one on the 1m series only: ten notifications per pair (10,000 for 1,000 pairs).
    static let delivery =
        storm + [
            AlertRule(
                name: "Correlated1m", timeframes: [MonitorRun.timeframes[1]], metric: .correlation, comparison: .greaterOrEqual, threshold: -1,
                annotations: annotations)
        ]
}
