// SPDX-License-Identifier: Apache-2.0
import Alerting
import Foundation
import Pipeline

/// Where the status page reads what it shows, each part optional so that a server without a monitor or alerting
/// (the exporter's tests, a daemon still starting) still serves the page.
public struct StatusPageSources: Sendable {
    /// The pair series and their latest readings.
    public var board: PairBoard?
    /// The alerts listing, as `GET /api/v1/alerts` serves it.
    public var alerts: (@Sendable () async -> AlertListing)?
    /// The alerting rules in force, whose z-score thresholds colour the z-scores.
    public var rules: @Sendable () -> [AlertRule]
    /// When the process started, milliseconds since the epoch; nil hides the uptime.
    public var startedMs: Int64?
    public var nowMs: @Sendable () -> Int64

    public init(
        board: PairBoard? = nil, alerts: (@Sendable () async -> AlertListing)? = nil, rules: @escaping @Sendable () -> [AlertRule] = { [] },
        startedMs: Int64? = nil, nowMs: @escaping @Sendable () -> Int64 = { Int64((Date().timeIntervalSince1970 * 1_000).rounded(.down)) }
    ) {
        self.board = board
        self.alerts = alerts
        self.rules = rules
        self.startedMs = startedMs
        self.nowMs = nowMs
    }
}
