// SPDX-License-Identifier: Apache-2.0
import Alerting
import Foundation
import MarketData
import PairStats

@testable import Exporter
@testable import Pipeline

/// Pair series with readings of chosen numbers, for the status page's tests.
enum StatusPageFixtures {
    static let build = BuildInfo(version: "0.1.0", revision: "abc", swiftVersion: "6.3")
    static let minute = Timeframe("1m")!
    static let nowMs: Int64 = 1_800_000_000_000

    /// A snapshot with every statistic computed from fixed closes (so ADF and cointegration hold real results), then
    /// the hedge ratio and z-score set to the given values.
    static func snapshot(zScore: Double?, hedge: Double = 1.5) throws -> PairSnapshot {
        let (a, b) = fixedCloses(count: 60, slope: 1.5, noise: 3)
        let configuration = try PairConfiguration(window: 60, zscoreWindow: 20)
        var snapshot = PairAnalysis.snapshot(a: a, b: b, configuration: configuration)
        snapshot.zScore = zScore.map { .available($0) } ?? .unavailable(.zeroStandardDeviation)
        snapshot.hedge = .available(LinearFit(intercept: 5, slope: hedge))
        return snapshot
    }

    /// A board entry whose readings had the z-scores `history` (nil: unavailable), the last one current.
    static func entry(_ a: String, _ b: String, timeframe: Timeframe = minute, history: [Double?]) throws -> PairBoardEntry {
        let entry = PairBoardEntry(series: PairSeries(a: a, b: b, timeframe: timeframe))
        var reading: PairReading?
        for z in history {
            reading = PairReading(snapshot: try snapshot(zScore: z), lastBarEndMs: nowMs, previous: reading)
        }
        if let reading { entry.publish(reading) }
        return entry
    }

    static func board(_ entries: [PairBoardEntry]) -> PairBoard {
        let board = PairBoard()
        board.replace(entries)
        return board
    }

    /// Started 1 h 2 min 3 s before ``nowMs``.
    static func sources(board: PairBoard? = nil, rules: [AlertRule] = [], alerts: AlertListing? = nil) -> StatusPageSources {
        StatusPageSources(
            board: board, alerts: alerts.map { listing in { @Sendable in listing } }, rules: { rules }, startedMs: nowMs - 3_723_000, nowMs: { nowMs })
    }
}
