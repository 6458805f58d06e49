// SPDX-License-Identifier: Apache-2.0
import Alerting
import Foundation
import Logging
import MarketData
import PairStats
import Storage
import Synchronization
import TestSupport

@testable import Pipeline

/// A receiver that records what it is sent and answers with scripted outcomes (delivered once the script is spent).
final class ScriptedNotifier: Notifier, Sendable {
    struct Sent: Sendable {
        var notification: AlertNotification
        var key: String
        var outcome: DeliveryOutcome
    }

    let name: String
    private let script = Mutex<[DeliveryOutcome]>([])
    private let down = Mutex<DeliveryOutcome?>(nil)
    private let log = Mutex<[Sent]>([])

    init(name: String = "hook") {
        self.name = name
    }

    /// Every attempt, failed ones included, in order.
    var sent: [Sent] { log.withLock { $0 } }
    /// The attempts that succeeded.
    var delivered: [Sent] { sent.filter { $0.outcome == .delivered } }

    func answer(_ outcomes: [DeliveryOutcome]) { script.withLock { $0 += outcomes } }
    /// While set, every attempt gets this outcome.
    func setDown(_ outcome: DeliveryOutcome?) { down.withLock { $0 = outcome } }

    func send(_ notification: AlertNotification, idempotencyKey: String) async -> DeliveryOutcome {
        let outcome = down.withLock { $0 } ?? script.withLock { $0.isEmpty ? .delivered : $0.removeFirst() }
        log.withLock { $0.append(Sent(notification: notification, key: idempotencyKey, outcome: outcome)) }
        return outcome
    }
}

/// One pair series on a board, a store in a temporary database, a manual clock with a wall clock that follows it,
/// and a staleness the test sets: everything an ``AlertingService`` needs, so a test can start, stop and restart it.
final class AlertingHarness: Sendable {
    let directory: TemporaryDirectory
    let database: TradeDatabase
    let store: AlertStore
    let board = PairBoard()
    let entry = PairBoardEntry(series: PairSeries(a: "BTCUSDT", b: "ETHUSDT", timeframe: Timeframe("1m")!))
    let clock = ManualClock()
    let statistics = AlertingStatistics()
    let logs = LogRecorder()
    private let wallMs: Mutex<Int64>
    private let stale = Mutex<Double?>(0)
    private let ownsDirectory: Bool

    init() throws {
        directory = try TemporaryDirectory("alerting")
        database = try TradeDatabase(path: directory.file("pairwatch.db"))
        store = AlertStore(database: database)
        wallMs = Mutex(1_800_000_000_000)
        ownsDirectory = true
        board.replace([entry])
    }

    /// The same database with a new board and clocks, as the daemon finds things after a restart.
    init(sharing other: AlertingHarness) throws {
        directory = other.directory
        database = other.database
        store = other.store
        wallMs = Mutex(other.nowMs)
        ownsDirectory = false
        board.replace([entry])
    }

    deinit { if ownsDirectory { directory.remove() } }

    var nowMs: Int64 { wallMs.withLock { $0 } }

    /// Seconds since the last trade of both legs.
    func setStale(_ seconds: Double?) { stale.withLock { $0 = seconds } }

    func service(
        _ rules: [AlertRule], _ notifiers: [any Notifier], maxAgeMs: Int64 = 86_400_000,
        transitions: @escaping @Sendable ([AlertTransitionEvent]) -> Void = { _ in }
    ) -> AlertingService<ManualClock> {
        AlertingService(
            rules: rules, notifiers: notifiers, board: board, store: store,
            staleness: { [self] _ in
                let seconds = stale.withLock { $0 }
                return { _ in seconds }
            },
            settings: AlertingSettings(
                evaluationInterval: .seconds(10), delivery: DeliverySettings(backoff: RetryBackoff(initial: .seconds(1), maximum: .seconds(8)), maxAgeMs: maxAgeMs),
                seed: 42),
            clock: clock, nowMs: { [self] in nowMs }, statistics: statistics, logger: logs.logger, transitions: transitions)
    }

    /// Moves both clocks on.
    func advance(seconds: Int64) async {
        wallMs.withLock { $0 += seconds * 1_000 }
        await clock.advance(by: .seconds(seconds))
    }

    /// Moves both clocks on in steps shorter than the longest retry delay until `condition` holds, so that retries
    /// sleeping on the clock run however late they went to sleep.
    func advance(until what: String, _ condition: @escaping @Sendable () -> Bool) async throws {
        try await withTimeout(.seconds(30), what) { [self] in
            while !condition() {
                await advance(seconds: 4)
                await Task.yield()
            }
        }
    }

    /// Moves both clocks on by one evaluation interval and waits for the evaluation it triggers.
    func tick() async throws {
        let before = statistics.snapshot.evaluations
        await advance(seconds: 10)
        try await eventually("an evaluation") { [statistics] in statistics.snapshot.evaluations > before }
    }

    /// Starts `service`, returning once its evaluation and re-send loops sleep on the clock.
    func start(_ service: AlertingService<ManualClock>) async throws -> Task<Void, any Error> {
        let sleeping = clock.sleepers
        let task = Task { try await service.run() }
        try await clock.waitForSleepers(sleeping + 2)
        return task
    }

    func stop(_ task: Task<Void, any Error>) async {
        task.cancel()
        _ = await task.result
    }
}

/// Polls (yielding, never sleeping) until `condition` holds; fails after `limit` of wall time.
func eventually(_ what: String, limit: Duration = .seconds(30), _ condition: @escaping @Sendable () async -> Bool) async throws {
    try await withTimeout(limit, what) {
        while await !condition() {
            try Task.checkCancellation()
            await Task.yield()
        }
    }
}

extension AlertingHarness {
    /// Publishes a reading computed from 30 fixed closes (z-score about −0.43), as the pair monitor would.
    func publishReading() {
        let b = (0..<30).map { 2_000 + 10 * sin(Double($0)) }
        let a = b.indices.map { 5 + 20 * b[$0] + 3 * cos(Double($0) * 7) }
        guard let configuration = try? PairConfiguration(window: 30, zscoreWindow: 10) else { return }
        entry.publish(PairReading(snapshot: PairAnalysis.snapshot(a: a, b: b, configuration: configuration), lastBarEndMs: 1_800_000_000_000))
        board.noteUpdate()
    }
}
