// SPDX-License-Identifier: Apache-2.0

/// Rolling statistics of one pair: feed it each bar's closes of A and B, read a ``PairSnapshot``.
///
/// Keeps the last `window` bars. Each value equals a cold fit of the window (``PairAnalysis``): nothing is carried
/// from one bar to the next but the window itself, because every shortcut tried gave a different answer than a
/// fresh statsmodels fit. Sliding moments lose digits on large prices with small moves, and Huber's IRLS warm
/// started from the previous bar's line can converge to another of its fixed points; so the moments are
/// recomputed in two passes and IRLS starts from the window's OLS fit, as `RLM.fit()` does. An update costs
/// O(window·p), p being ADF's maximum lag (which grows as window^¼): the ADF lag search builds one cross-product
/// matrix of the largest design (see ``LaggedSeries``), and the z-score, ADF and half-life read the spread in
/// single passes.
///
/// ```swift
/// var engine = PairEngine(configuration: try PairConfiguration(window: 500, zscoreWindow: 100))
/// let snapshot = try engine.update(a: btcClose, b: ethClose)
/// if let z = snapshot.zScore.value { … }
/// ```
public struct PairEngine: Sendable {
    public let configuration: PairConfiguration
    /// Statistics after the latest update.
    public private(set) var snapshot = PairSnapshot.empty
    private var a: SlidingWindow
    private var b: SlidingWindow

    public init(configuration: PairConfiguration) {
        self.configuration = configuration
        a = SlidingWindow(capacity: configuration.window)
        b = SlidingWindow(capacity: configuration.window)
    }

    /// Bars currently in the window.
    public var samples: Int { a.count }

    /// Adds one bar's closes of A and B and recomputes the snapshot.
    @discardableResult
    public mutating func update(a priceA: Double, b priceB: Double) throws(PairInputError) -> PairSnapshot {
        try append(a: priceA, b: priceB)
        return refresh()
    }

    /// Adds one bar's closes of A and B without recomputing the snapshot, for a caller that adds several bars (a
    /// restore, a monitor catching up) and needs the statistics of the last one only: since nothing but the window
    /// is carried between bars, the result is the same as updating bar by bar.
    public mutating func append(a priceA: Double, b priceB: Double) throws(PairInputError) {
        guard priceA.isFinite else { throw PairInputError(leg: "a", value: priceA) }
        guard priceB.isFinite else { throw PairInputError(leg: "b", value: priceB) }
        a.append(priceA)
        b.append(priceB)
    }

    /// Recomputes the snapshot over the current window.
    @discardableResult
    public mutating func refresh() -> PairSnapshot {
        let context = PairAnalysis.Context(aConstant: a.isConstant, bConstant: b.isConstant)
        snapshot = a.withBuffer { ab in
            b.withBuffer { bb in PairAnalysis.snapshot(a: ab, b: bb, configuration: configuration, context: context) }
        }
        return snapshot
    }
}

/// A price that cannot enter the statistics.
public struct PairInputError: Error, Sendable, Equatable, CustomStringConvertible {
    public let leg: String
    public let value: Double

    public var description: String { "\(leg): price \(value) is not a finite number" }
}
