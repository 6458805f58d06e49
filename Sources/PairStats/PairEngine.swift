// SPDX-License-Identifier: Apache-2.0

/// Rolling statistics of one pair: feed it each bar's closes of A and B, read a ``PairSnapshot``.
///
/// Keeps the last `window` bars. Each update costs O(window·p), p being ADF's maximum lag (which grows
/// as window^¼): the hedge-ratio moments slide in O(1), Huber's IRLS starts from the previous bar's fit
/// (`RLM.fit(start_params=…)`, which converges to the same line within its tolerance), and the ADF lag
/// search builds one cross-product matrix of the largest design (see ``LaggedSeries``). The spread is rebuilt
/// each bar because β moves, and the z-score, ADF and half-life read it in single passes.
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
    private var moments = CoMoments()
    private var updatesSinceResync = 0

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
    /// restore, a monitor catching up) and needs the statistics of the last one only.
    public mutating func append(a priceA: Double, b priceB: Double) throws(PairInputError) {
        guard priceA.isFinite else { throw PairInputError(leg: "a", value: priceA) }
        guard priceB.isFinite else { throw PairInputError(leg: "b", value: priceB) }
        let evictedA = a.append(priceA)
        let evictedB = b.append(priceB)
        if let evictedA, let evictedB { moments.remove(evictedA, evictedB) }
        moments.add(priceA, priceB)
        updatesSinceResync += 1
        // Sliding moments gather rounding with every add/remove pair; a fresh pass once per window bounds it
        // at O(1) amortised cost.
        if updatesSinceResync >= configuration.window {
            moments = a.withBuffer { ab in b.withBuffer { bb in CoMoments(a: ab, b: bb) } }
            updatesSinceResync = 0
        }
    }

    /// Recomputes the snapshot over the current window.
    @discardableResult
    public mutating func refresh() -> PairSnapshot {
        let context = PairAnalysis.Context(
            moments: moments, huberStart: snapshot.hedge.value, aConstant: a.isConstant, bConstant: b.isConstant)
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
