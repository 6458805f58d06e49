// SPDX-License-Identifier: Apache-2.0
import TestSupport
import Testing

@testable import Feeds

private func backoff(seed: UInt64) -> ReconnectBackoff {
    ReconnectBackoff(initial: .seconds(1), maximum: .seconds(60), healthyAfter: .seconds(60), seed: seed)
}

@Test func backoff_whenAttemptsFail_drawsBelowACeilingThatDoublesUpToTheMaximum() {
    let seed = testSeed()
    var schedule = backoff(seed: seed)
    let ceilings: [Duration] = [1, 2, 4, 8, 16, 32, 60, 60, 60].map { .seconds($0) }
    for ceiling in ceilings {
        #expect(schedule.ceiling == ceiling)
        let delay = schedule.nextDelay()
        #expect(delay >= .zero && delay <= ceiling, "delay \(delay) outside [0, \(ceiling)]")
    }
}

@Test func backoff_whenSeededAlike_repeatsItsScheduleAndOtherSeedsDiffer() {
    var first = backoff(seed: 42)
    var second = backoff(seed: 42)
    var other = backoff(seed: 43)
    let a = (0..<8).map { _ in first.nextDelay() }
    let b = (0..<8).map { _ in second.nextDelay() }
    let c = (0..<8).map { _ in other.nextDelay() }
    #expect(a == b)
    #expect(a != c)
}

@Test func backoff_whenTheConnectionStayedUpHealthyAfter_startsAgainFromTheInitialCeiling() {
    var schedule = backoff(seed: testSeed())
    for _ in 0..<6 { _ = schedule.nextDelay() }
    #expect(schedule.ceiling == .seconds(60))
    // Up, but not long enough: the schedule goes on.
    _ = schedule.nextDelay(afterUptime: .seconds(59))
    #expect(schedule.ceiling == .seconds(60))
    let delay = schedule.nextDelay(afterUptime: .seconds(60))
    #expect(delay <= .seconds(1))
    #expect(schedule.attempt == 1)
    #expect(schedule.ceiling == .seconds(2))
}

@Test func backoff_whenAtTheMaximum_spreadsDelaysOverTheWholeRange() {
    // Full jitter: the delays cover [0, maximum], not a band near it.
    var schedule = backoff(seed: testSeed())
    for _ in 0..<10 { _ = schedule.nextDelay() }
    let delays = (0..<2_000).map { _ in schedule.nextDelay() / .seconds(1) }
    let mean = delays.reduce(0, +) / Double(delays.count)
    #expect(abs(mean - 30) < 2.5, "mean \(mean)")
    #expect(delays.min() ?? 60 < 1)
    #expect(delays.max() ?? 0 > 59)
}

@Test func backoff_whenDrivingSleepsOnAManualClock_waitsEachDrawnDelay() async throws {
    let clock = ManualClock(immediate: true)
    var schedule = backoff(seed: testSeed())
    var expected = Duration.zero
    for _ in 0..<5 {
        let delay = schedule.nextDelay()
        expected += delay
        try await clock.sleep(for: delay)
    }
    #expect(clock.now.offset == expected)
    #expect(expected <= .seconds(1 + 2 + 4 + 8 + 16))
}
