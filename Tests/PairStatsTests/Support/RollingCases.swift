// SPDX-License-Identifier: Apache-2.0
import Foundation
import Testing

/// statsmodels' answers at every window end of hard series, written by scripts/rolling_fixtures.py.
struct RollingCases: Decodable {
    let statsmodels: String
    let window: Int
    let zscoreWindow: Int
    /// Index of the first bar with an expected row; row `k` belongs to bar `firstEnd + k`.
    let firstEnd: Int
    let cases: [Case]

    struct Case: Decodable, CustomTestStringConvertible {
        let name: String
        let a: [Double]
        let b: [Double]
        let cointStatistic: [Double?]
        let cointPvalue: [Double]
        let correlation: [Double?]
        let ols: Method
        let huber: Method

        var testDescription: String { name }

        func method(_ method: String) -> Method { method == "ols" ? ols : huber }
    }

    /// One column per statistic, one row per window end.
    struct Method: Decodable {
        let slope: [Double]
        let intercept: [Double]
        let spread: [Double]
        let zscore: [Double?]
        let adfStatistic: [Double]
        let adfPvalue: [Double]
        let adfLag: [Int]
        let adfNobs: [Int]
        let halfLife: [Double?]
    }

    /// Loaded once for all tests.
    static let shared: RollingCases = loadFixture("rolling_cases")

    static var all: [Case] { shared.cases }
}

/// The worst deviation of each statistic over many bars, so one failing run names the bar that failed most
/// instead of recording thousands of issues.
struct DeviationLedger {
    struct Worst {
        /// Deviation divided by the allowed bound: above 1 fails.
        var excess: Double
        var deviation: Double
        var bar: Int
        var actual: Double?
        var expected: Double?
    }

    private(set) var worst: [String: Worst] = [:]
    private var order: [String] = []

    /// Notes `actual` against `expected` at `bar`: relative to `expected`, or `absolute` when given; a value
    /// present on one side only counts as an infinite excess.
    mutating func note(
        _ what: String, bar: Int, _ actual: Double?, _ expected: Double?, relative: Double = 1e-6, absolute: Double? = nil
    ) {
        let deviation: Double
        let excess: Double
        switch (actual, expected) {
        case (nil, nil): (deviation, excess) = (0, 0)
        case (let actual?, let expected?):
            let difference = abs(actual - expected)
            deviation = absolute == nil ? difference / abs(expected) : difference
            let bound = absolute ?? relative * abs(expected)
            excess = difference == 0 ? 0 : difference / bound
        default: (deviation, excess) = (.infinity, .infinity)
        }
        if worst[what] == nil { order.append(what) }
        if excess >= (worst[what]?.excess ?? -1) {
            worst[what] = Worst(excess: excess, deviation: deviation, bar: bar, actual: actual, expected: expected)
        }
    }

    /// Records one issue per statistic whose worst bar is outside its bound.
    func expectAllWithinBounds(_ context: String, sourceLocation: SourceLocation = #_sourceLocation) {
        for what in order {
            guard let w = worst[what] else { continue }
            #expect(
                w.excess <= 1,
                """
                \(context): \(what) at bar \(w.bar): \(String(describing: w.actual)) vs statsmodels \
                \(String(describing: w.expected)) (deviation \(w.deviation))
                """,
                sourceLocation: sourceLocation)
        }
    }
}
