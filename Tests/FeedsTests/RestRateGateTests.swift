// SPDX-License-Identifier: Apache-2.0
import NIOCore
import TestSupport
import Testing

@testable import Feeds

@Test func gate_whenTheBudgetIsSpent_holdsTheNextCallUntilTheMinuteEnds() async throws {
    let clock = ManualClock(immediate: true)
    let gate = RestRateGate(clock: clock, weightPerWindow: 100)
    for _ in 0..<5 { try await gate.acquire(weight: 20) }
    #expect(clock.now.offset == .zero)
    #expect(gate.usedWeight == 100)
    try await gate.acquire(weight: 20)
    #expect(clock.now.offset == .seconds(60))
    #expect(gate.usedWeight == 20)
}

@Test func gate_whenTheServerReportsMoreWeight_countsTheServersFigure() async throws {
    let clock = ManualClock(immediate: true)
    let gate = RestRateGate(clock: clock, weightPerWindow: 100)
    try await gate.acquire(weight: 20)
    gate.serverReported(usedWeight: 95)
    try await gate.acquire(weight: 20)
    #expect(clock.now.offset == .seconds(60))
}

@Test func gate_whenPaused_holdsEveryCallForThePauseAndCountsNothingWhileWaiting() async throws {
    let clock = ManualClock(immediate: true)
    let gate = RestRateGate(clock: clock, weightPerWindow: 1_000)
    gate.pause(for: .seconds(7))
    try await gate.waitUntilOpen(weight: 20)
    #expect(clock.now.offset == .seconds(7))
    #expect(gate.usedWeight == 0)
    gate.pause(for: .seconds(3))
    gate.pause(for: .seconds(1))
    try await gate.acquire(weight: 20)
    #expect(clock.now.offset == .seconds(10))
    #expect(gate.usedWeight == 20)
}

@Test func restOutcome_whenTheStatusSaysSlowDown_pausesForRetryAfterOrAMinute() {
    let empty = ByteBuffer()
    guard case .pause(let pause, _) = AggTradesClient<ManualClock>.classify(status: 429, retryAfter: "7", body: empty) else {
        Issue.record("429 did not pause")
        return
    }
    #expect(pause == .seconds(7))
    guard case .pause(let banned, _) = AggTradesClient<ManualClock>.classify(status: 418, retryAfter: nil, body: empty) else {
        Issue.record("418 did not pause")
        return
    }
    #expect(banned == .seconds(60))
}

@Test func restOutcome_whenTheServerFailsOrRefuses_retriesOnlyTheServersFailures() {
    let body = ByteBuffer(string: #"{"code":-1121,"msg":"Invalid symbol."}"#)
    guard case .retry(let reason) = AggTradesClient<ManualClock>.classify(status: 503, retryAfter: nil, body: body) else {
        Issue.record("503 was not retried")
        return
    }
    #expect(reason == "HTTP 503")
    guard case .refused(let refusal) = AggTradesClient<ManualClock>.classify(status: 400, retryAfter: nil, body: body) else {
        Issue.record("400 was retried")
        return
    }
    #expect(refusal == #"HTTP 400: {"code":-1121,"msg":"Invalid symbol."}"#)
}
