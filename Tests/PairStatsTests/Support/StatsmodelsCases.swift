// SPDX-License-Identifier: Apache-2.0
import Foundation
import Testing

/// The reference answers written by scripts/stats_fixtures.py.
struct StatsmodelsCases: Decodable {
    let statsmodels: String
    let cases: [Case]

    struct Case: Decodable, CustomTestStringConvertible {
        let name: String
        let zscoreWindow: Int
        let a: [Double]
        let b: [Double]
        let coint: Coint
        let correlation: Double
        let methods: [String: Method]

        var testDescription: String { name }
    }

    struct Coint: Decodable {
        let statistic: Double?
        let pvalue: Double
        let criticalValues: [Double]
    }

    struct Method: Decodable {
        let slope: Double
        let intercept: Double
        let huberIterations: Int?
        let spreadLast: Double
        let zscoreLast: Double?
        let adf: ADF
        let halfLifeBars: Double?
    }

    struct ADF: Decodable {
        let statistic: Double
        let pvalue: Double
        let usedLag: Int
        let nobs: Int
        let criticalValues: [String: Double]
    }

    /// Loaded once for all tests.
    static let shared: StatsmodelsCases = loadFixture("statsmodels_cases")

    static var all: [Case] { shared.cases }
}

/// A fixture of `Fixtures/` decoded with snake-case keys; a test bundle without it cannot run, so it stops there.
func loadFixture<T: Decodable>(_ name: String) -> T {
    do {
        guard let url = Bundle.module.url(forResource: name, withExtension: "json", subdirectory: "Fixtures") else {
            fatalError("Fixtures/\(name).json is missing from the test bundle")
        }
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        return try decoder.decode(T.self, from: Data(contentsOf: url))
    } catch {
        fatalError("cannot read Fixtures/\(name).json: \(error)")
    }
}

/// Expects `actual` within `relative` of `expected` (or `absolute`, when given), both absent alike.
func expectClose(
    _ actual: Double?, _ expected: Double?, relative: Double = 1e-6, absolute: Double? = nil, _ what: String,
    sourceLocation: SourceLocation = #_sourceLocation
) {
    guard let expected else {
        #expect(actual == nil, "\(what): expected absent, got \(String(describing: actual))", sourceLocation: sourceLocation)
        return
    }
    guard let actual else {
        Issue.record("\(what): absent, expected \(expected)", sourceLocation: sourceLocation)
        return
    }
    let bound = absolute ?? relative * abs(expected)
    #expect(abs(actual - expected) <= bound, "\(what): \(actual) vs statsmodels \(expected)", sourceLocation: sourceLocation)
}
