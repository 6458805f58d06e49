// SPDX-License-Identifier: Apache-2.0
import Alerting
import Testing

/// The comparison a rule applies to its value: each operator on both sides of the bound, and on it, where only the
/// inclusive operators hold.
@Suite struct AlertRuleTests {
    @Test(arguments: [
        (AlertComparison.greater, [false, false, true]),
        (.greaterOrEqual, [false, true, true]),
        (.less, [true, false, false]),
        (.lessOrEqual, [true, true, false]),
    ])
    func holds_whenValueIsBelowEqualOrAboveTheBound_followsTheOperator(comparison: AlertComparison, expected: [Bool]) {
        let outcomes = [1.9, 2.0, 2.1].map { comparison.holds($0, 2.0) }
        #expect(outcomes == expected, "\(comparison.rawValue) at 1.9, 2.0 and 2.1 against 2.0")
    }

    @Test func holds_whenTheBoundIsNegative_comparesSignedValues() {
        #expect(AlertComparison.less.holds(-3, -2))
        #expect(!AlertComparison.greater.holds(-3, -2))
    }

    @Test func init_whenClearIsNotGiven_clearsAtTheThreshold() {
        let rule = AlertRule(name: "SpreadZscoreHigh", metric: .absZscore, comparison: .greater, threshold: 2)
        #expect(rule.clear == 2)
        #expect(AlertRule(name: "x", metric: .zscore, comparison: .greater, threshold: 2, clear: 1.5).clear == 1.5)
    }
}
