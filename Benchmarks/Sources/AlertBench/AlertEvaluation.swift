// SPDX-License-Identifier: Apache-2.0
import Alerting
import BenchSupport
import Foundation
import Logging
import Pipeline
import Storage

/// One ``AlertEvaluator`` on the monitor's board with a store of its own (a fresh database), timed one evaluation at
/// a time, and what each evaluation changed.
struct AlertEvaluation {
    struct Sample {
        var wall: Double
        var cpu: Double
        /// Transitions of every kind during the evaluation.
        var transitions: UInt64
    }

    let evaluator: AlertEvaluator
    let store: AlertStore
    let statistics = AlertingStatistics()

    init(rules: [AlertRule], receivers: [String], board: PairBoard, path: String, logger: Logger) throws {
        store = AlertStore(database: try TradeDatabase(path: path))
        evaluator = AlertEvaluator(
            rules: rules, receivers: receivers, board: board, store: store, staleness: { _ in { _ in nil } }, nowMs: wallClockMs,
            statistics: statistics, logger: logger)
    }

    /// Takes up the (empty) store, as the service does before its first evaluation.
    func restore() async throws {
        try await evaluator.restore()
    }

    /// One evaluation of the series with a new reading, as after a bar close.
    func evaluate() async -> Sample {
        let before = transitions
        let (wall, cpu) = (Measure.now(), Measure.processCPU())
        await evaluator.evaluate(everything: false)
        return Sample(wall: Measure.now() - wall, cpu: Measure.processCPU() - cpu, transitions: transitions - before)
    }

    /// Pending plus firing alerts.
    var active: Int {
        statistics.snapshot.active.values.reduce(0) { $0 + $1.pending + $1.firing }
    }

    /// `rule to=count` of every transition so far, for a report that expected none.
    var transitionsByRule: String {
        statistics.snapshot.transitions.sorted { $0.key < $1.key }.flatMap { rule, counts in
            counts.filter { $0.value > 0 }.map { "\(rule) \($0.key.rawValue)=\($0.value)" }.sorted()
        }.joined(separator: ", ")
    }

    private var transitions: UInt64 {
        statistics.snapshot.transitions.values.reduce(0) { sum, counts in counts.values.reduce(sum, +) }
    }
}

@Sendable func wallClockMs() -> Int64 {
    Int64(Date().timeIntervalSince1970 * 1_000)
}
