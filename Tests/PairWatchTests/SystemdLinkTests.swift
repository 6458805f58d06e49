// SPDX-License-Identifier: Apache-2.0
import Exporter
import Synchronization
import TestSupport
import Testing

@testable import PairWatch

/// The watchdog is fed only while the pipeline answers, on the injected clock.
@Test func systemdLink_whenThePipelineStopsAnswering_stopsFeedingTheWatchdog() async throws {
    let clock = ManualClock()
    let sent = Mutex<[String]>([])
    let alive = Mutex(true)
    let readiness = Readiness()
    let link = SystemdLink(
        notify: SystemdNotify { message in sent.withLock { $0.append(message) } }, readiness: readiness, watchdog: .seconds(2), clock: clock,
        status: { "1 pair series" }, alive: { alive.withLock { $0 } })
    let task = Task { try await link.run() }
    try await clock.waitForSleepers(1)
    #expect(sent.withLock { $0 }.isEmpty, "not ready yet")
    readiness.clear("startup")
    await clock.advance(by: .milliseconds(50))
    try await clock.waitForSleepers(1)
    #expect(sent.withLock { $0 } == ["READY=1\nSTATUS=1 pair series"])
    await clock.advance(by: .seconds(1))
    try await clock.waitForSleepers(1)
    alive.withLock { $0 = false }
    await clock.advance(by: .seconds(1))
    try await clock.waitForSleepers(1)
    #expect(sent.withLock { $0 } == ["READY=1\nSTATUS=1 pair series", "WATCHDOG=1"])
    task.cancel()
    _ = await task.result
    #expect(sent.withLock { $0 }.last == "STOPPING=1")
}
