// SPDX-License-Identifier: Apache-2.0

/// Every statistic of a pair after one bar, each either a value or the reason it is missing.
public struct PairSnapshot: Sendable, Equatable {
    /// Bars in the window.
    public var samples: Int
    /// `A = intercept + slope·B` by the configured method; the slope is the hedge ratio β.
    public var hedge: Statistic<LinearFit>
    /// Latest spread `s = A − β·B` (no intercept).
    public var spread: Statistic<Double>
    /// Z-score of the latest spread over the z-score window.
    public var zScore: Statistic<Double>
    /// ADF test of the spread over the window.
    public var adf: Statistic<ADFResult>
    /// Half-life of mean reversion of the spread, in bars.
    public var halfLifeBars: Statistic<Double>
    /// Engle–Granger test of A against B (always OLS, as `coint`).
    public var cointegration: Statistic<CointegrationResult>
    /// Pearson correlation of A and B prices over the window.
    public var correlation: Statistic<Double>

    /// The snapshot of an empty window.
    public static let empty = PairSnapshot(samples: 0, unavailable: .tooFewSamples(have: 0, need: PairConfiguration.minimumWindow))

    init(samples: Int, unavailable reason: UnavailableReason) {
        self.samples = samples
        hedge = .unavailable(reason)
        spread = .unavailable(reason)
        zScore = .unavailable(reason)
        adf = .unavailable(reason)
        halfLifeBars = .unavailable(reason)
        cointegration = .unavailable(reason)
        correlation = .unavailable(reason)
    }
}
