// SPDX-License-Identifier: Apache-2.0
import Testing

@testable import Alerting

/// The alert state machine of one rule on one series: `for`, hysteresis, missing values and flapping input.
struct AlertStateMachineTests {
    let rule = AlertRule(name: "SpreadZscoreHigh", metric: .absZscore, comparison: .greater, threshold: 2, clear: 1.5, forMs: 120_000)

    @Test func step_whenConditionStartsToHold_goesPendingAndFiresOnlyAfterFor() {
        let (pending, first) = rule.step(nil, value: 2.5, nowMs: 1_000)
        #expect(first == .pending)
        #expect(pending == AlertState(phase: .pending, activeSinceMs: 1_000, value: 2.5))
        let (stillPending, none) = rule.step(pending, value: 2.6, nowMs: 120_999)
        #expect(none == nil)
        #expect(stillPending?.phase == .pending)
        let (firing, fired) = rule.step(stillPending, value: 2.7, nowMs: 121_000)
        #expect(fired == .firing)
        #expect(firing == AlertState(phase: .firing, activeSinceMs: 1_000, firedAtMs: 121_000, value: 2.7))
    }

    @Test func step_whenForIsZero_firesAtOnce() {
        let immediate = AlertRule(name: "X", metric: .zscore, comparison: .less, threshold: -2)
        let (state, transition) = immediate.step(nil, value: -2.5, nowMs: 7)
        #expect(transition == .firing)
        #expect(state == AlertState(phase: .firing, activeSinceMs: 7, firedAtMs: 7, value: -2.5))
    }

    @Test func step_whenPendingConditionStops_goesInactiveWithoutFiring() {
        let (pending, _) = rule.step(nil, value: 2.5, nowMs: 0)
        let (state, transition) = rule.step(pending, value: 1.9, nowMs: 60_000)
        #expect(state == nil)
        #expect(transition == .inactive)
    }

    @Test func step_whenFiringValueIsBetweenClearAndThreshold_keepsFiring() {
        let firing = AlertState(phase: .firing, activeSinceMs: 0, firedAtMs: 120_000, value: 2.5)
        for value in [1.9, 1.6, 1.5000001, 2.0] {
            let (state, transition) = rule.step(firing, value: value, nowMs: 200_000)
            #expect(transition == nil, "value \(value)")
            #expect(state?.phase == .firing)
            #expect(state?.value == value)
        }
    }

    @Test func step_whenFiringValueCrossesClear_resolves() {
        let firing = AlertState(phase: .firing, activeSinceMs: 0, firedAtMs: 120_000, value: 2.5)
        #expect(rule.step(firing, value: 1.5, nowMs: 200_000).transition == .resolved)
        #expect(rule.step(firing, value: 0.2, nowMs: 200_000).state == nil)
    }

    @Test func step_whenValueCannotBeComputed_pendingEndsAndFiringResolves() {
        let pending = AlertState(phase: .pending, activeSinceMs: 0, value: 2.5)
        let firing = AlertState(phase: .firing, activeSinceMs: 0, firedAtMs: 1, value: 2.5)
        #expect(rule.step(pending, value: nil, nowMs: 500_000).transition == .inactive)
        #expect(rule.step(firing, value: nil, nowMs: 500_000).transition == .resolved)
        #expect(rule.step(nil, value: nil, nowMs: 500_000) == (nil, nil))
    }

    @Test func step_whenInputFlapsAroundThreshold_firesOnceAndResolvesOnce() {
        // z oscillates 1.7 ↔ 2.3 every 10 s for 10 minutes: above the clear level the whole time, so after `for`
        // the alert fires once and stays firing; the pending phase restarts whenever z dips below the threshold.
        let flapping = AlertRule(name: "F", metric: .absZscore, comparison: .greater, threshold: 2, clear: 1.5, forMs: 15_000)
        var state: AlertState?
        var transitions: [AlertTransition] = []
        for tick in 0..<60 {
            let value = tick.isMultiple(of: 2) ? 2.3 : 1.7
            let step = flapping.step(state, value: value, nowMs: Int64(tick) * 10_000)
            state = step.state
            if let transition = step.transition { transitions.append(transition) }
        }
        // Pending at 0 s, back to inactive at 10 s, ... until two consecutive readings above 2 never occur: it never fires.
        #expect(!transitions.contains(.firing))
        #expect(transitions.filter { $0 == .pending }.count == 30)
        let steady = AlertRule(name: "S", metric: .absZscore, comparison: .greater, threshold: 2, clear: 1.5, forMs: 0)
        state = nil
        transitions = []
        for tick in 0..<60 {
            let step = steady.step(state, value: tick.isMultiple(of: 2) ? 2.3 : 1.7, nowMs: Int64(tick) * 10_000)
            state = step.state
            if let transition = step.transition { transitions.append(transition) }
        }
        #expect(transitions == [.firing])
    }

    @Test func comparison_holds_forEachOperatorAtTheBoundary() {
        #expect(!AlertComparison.greater.holds(2, 2))
        #expect(AlertComparison.greaterOrEqual.holds(2, 2))
        #expect(!AlertComparison.less.holds(2, 2))
        #expect(AlertComparison.lessOrEqual.holds(2, 2))
        #expect(AlertComparison.less.holds(0.04, 0.05))
        // "< 0.05, clear 0.1": firing while p ≤ 0.1 would still hold `p < 0.1`; resolves at 0.1.
        let cointegrated = AlertRule(name: "C", metric: .cointegrationPValue, comparison: .less, threshold: 0.05, clear: 0.1)
        let firing = AlertState(phase: .firing, activeSinceMs: 0, firedAtMs: 0, value: 0.01)
        #expect(cointegrated.step(firing, value: 0.09, nowMs: 1).transition == nil)
        #expect(cointegrated.step(firing, value: 0.1, nowMs: 1).transition == .resolved)
    }
}
