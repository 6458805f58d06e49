// SPDX-License-Identifier: Apache-2.0
import TestSupport
import Testing

@testable import Feeds

/// What the watchdog reads: one consistent view of when the connection was last heard of and whether it had opened.
@Test func connectionControl_whenItOpensAndTrades_reportsTheLatestActivityWithWhetherItHadOpened() {
    let control = ConnectionControl<ManualClock>(started: .init(offset: .seconds(1)))
    #expect(control.lastActivity == (ManualClock.Instant(offset: .seconds(1)), false))
    control.markOpened(at: .init(offset: .seconds(3)))
    // A connection that opens late is judged from its opening, never as a connect that did not finish.
    #expect(control.lastActivity == (ManualClock.Instant(offset: .seconds(3)), true))
    #expect(control.markTrade(at: .init(offset: .seconds(4))))
    #expect(!control.markTrade(at: .init(offset: .seconds(5))))
    #expect(control.lastActivity == (ManualClock.Instant(offset: .seconds(5)), true))
}
