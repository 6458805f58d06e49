// SPDX-License-Identifier: Apache-2.0
import Alerting
import BenchSupport
import Foundation
import Logging
import Pipeline

/// Alerting at the scale of its performance targets, in-process: the pair monitor restored on the benchmark market
/// (1,000 pairs × 1s/1m/5m, real engines) fills the board, then
/// - evaluation: three rules per series (9,000 alerts) evaluated after every series got a new reading (the restore,
///   then a 5m bar close, which closes the 1s and 1m bars too): quiet (nothing holds), all firing and staying so,
///   and a storm in which all 9,000 fire at once, stored with one outbox row per receiver in one transaction;
/// - delivery: ten notifications per pair through the outbox to a webhook receiver on 127.0.0.1, against the same
///   number of bare sequential POSTs.
///
/// Usage: AlertBench [--symbols 200] [--pairs 1000] [--evaluations 10] [--storms 3] [--receivers 2] [--no-delivery]
/// Run it on one core (`taskset -c 0`): the engines, the evaluator, the delivery worker and the receiver share it.
struct Options {
    var symbols = 200, pairs = 1_000, evaluations = 10, storms = 3, receivers = 2
    var delivery = true

    init(_ arguments: [String]) throws {
        var rest = arguments.dropFirst()
        while let flag = rest.popFirst() {
            if flag == "--no-delivery" {
                delivery = false
                continue
            }
            let value = rest.popFirst() ?? ""
            guard let number = Int(value), number > 0 else { throw BenchError(text: "\(flag): expected a positive whole number, found \"\(value)\"") }
            switch flag {
            case "--symbols": symbols = number
            case "--pairs": pairs = number
            case "--evaluations": evaluations = number
            case "--storms": storms = number
            case "--receivers": receivers = number
            default: throw BenchError(text: "unknown option \(flag)")
            }
        }
        guard pairs <= symbols * (symbols - 1) else { throw BenchError(text: "--pairs: \(pairs) is more than \(symbols) symbols can form") }
    }
}

func runBenchmark(_ options: Options) async throws {
    var logger = Logger(label: "alert-bench")
    logger.logLevel = .warning
    let market = BenchMarket(symbols: options.symbols, pairs: options.pairs, bars: 520, endMs: 1_767_225_600_000, seed: 20_260_101)
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("alert-bench-\(getpid())").path
    defer { try? FileManager.default.removeItem(atPath: folder) }
    let run = try MonitorRun(market: market, path: folder + "/bench.db", window: 500, zscoreWindow: 100, workers: 1, logger: logger)
    _ = run.store()
    let task = try await measureEvaluations(run, options: options, folder: folder, logger: logger)
    defer { task.cancel() }
    if options.delivery { try await reportDelivery(board: run.monitor.board, folder: folder, logger: logger) }
    task.cancel()
    _ = await task.result
}

/// The evaluation figures; returns the running pair monitor's task.
func measureEvaluations(_ run: MonitorRun, options: Options, folder: String, logger: Logger) async throws -> Task<Void, any Error> {
    let board = run.monitor.board
    let receivers = (1...options.receivers).map { "receiver-\($0)" }
    let quiet = try (0..<options.evaluations).map { index in
        try AlertEvaluation(rules: BenchRules.quiet, receivers: receivers, board: board, path: folder + "/quiet-\(index).db", logger: logger)
    }
    let storms = try (0..<options.storms).map { index in
        try AlertEvaluation(rules: BenchRules.storm, receivers: receivers, board: board, path: folder + "/storm-\(index).db", logger: logger)
    }
    // While the board has no readings an evaluation only works out each alert's labels and fingerprint, which
    // happens once per configuration; the timed evaluations below are those after new readings.
    for evaluation in quiet + storms {
        try await evaluation.restore()
        _ = await evaluation.evaluate()
    }
    let (_, _, task) = try await run.start()
    print("alerting: \(run.market.pairs.count) pairs × \(MonitorRun.timeframes.count) timeframes = \(board.entries.count) series, "
        + "3 rules each = \(board.entries.count * 3) alerts, \(receivers.count) receiver(s); the board restored by the pair monitor")
    // Each evaluator keeps its own state, so every one of them sees all 3,000 readings as new: after the restore
    // (nothing evaluated yet) and again after one 5m bar close, which closes the 1s and 1m bars with it.
    try reportStorms(await storms.asyncMap { await $0.evaluate() }, outboxes: storms.map { try $0.store.outboxCounts().values.reduce(0, +) })
    let quietRestored = await quiet.asyncMap { await $0.evaluate() }
    let close = try await run.closeBars(of: MonitorRun.timeframes[2], step: 0, waitingFor: board.entries)
    print("a 5m bar closed for every symbol (with the 1s and 1m bars ending with it; 300 1s bars per symbol since the stored ones): "
        + "all \(board.entries.count) series published in \(String(format: "%.1f s", close.wall))")
    report("steady, nothing holds, after the restore", quietRestored, of: quiet[0])
    report("steady, nothing holds, after the bar close", await quiet.asyncMap { await $0.evaluate() }, of: quiet[0])
    report("steady, all firing and holding, after the bar close", await storms.asyncMap { await $0.evaluate() }, of: storms[0])
    return task
}

func reportStorms(_ samples: [AlertEvaluation.Sample], outboxes: [Int]) {
    for (index, sample) in samples.enumerated() {
        print("  storm \(index + 1): \(sample.transitions) alerts fired, \(outboxes[index]) outbox rows, one transaction: "
            + "\(Measure.milliseconds(sample.wall)) (process CPU \(Measure.milliseconds(sample.cpu)))")
    }
    let wall = Measure.summary(samples.map(\.wall))
    print("evaluation, storm (every alert fires): median \(Measure.milliseconds(wall.median)), max \(Measure.milliseconds(wall.max)) "
        + "over \(samples.count) (target 50 ms is for the steady evaluation)")
}

func report(_ title: String, _ samples: [AlertEvaluation.Sample], of evaluation: AlertEvaluation) {
    let (active, byRule) = (evaluation.active, evaluation.transitionsByRule)
    let (wall, cpu) = (Measure.summary(samples.map(\.wall)), Measure.summary(samples.map(\.cpu)))
    let transitions = samples.reduce(0) { $0 + $1.transitions }
    print("evaluation, \(title) (\(active) active alerts, \(transitions) transitions), \(samples.count) evaluators: "
        + "median \(Measure.milliseconds(wall.median)), max \(Measure.milliseconds(wall.max)); process CPU median "
        + "\(Measure.milliseconds(cpu.median)) (target < 50 ms)")
    if transitions > 0 { print("  transitions since the first evaluation: \(byRule)") }
}

func reportDelivery(board: PairBoard, folder: String, logger: Logger) async throws {
    let receiver = WebhookReceiver(logger: logger)
    let (port, server) = await receiver.start()
    defer { server.cancel() }
    let result = try await DeliveryRun(board: board, folder: folder, logger: logger).run(port: port, receiver: receiver)
    let rate = Double(result.received) / result.total
    let baselineRate = Double(result.notifications) / result.baseline
    print("delivery: \(result.notifications) notifications from real transitions, WebhookNotifier (signed, \(result.bodyBytes)-byte body) "
        + "to 127.0.0.1: all \(result.received) distinct keys in \(String(format: "%.2f s", result.total)) = \(Int(rate)) notifications/s "
        + "(target >= 1000; first to last request \(String(format: "%.2f s", result.span)); process CPU "
        + "\(microseconds(result.cpu, per: result.received)) per notification)")
    print("  duplicates answered 2xx: \(result.duplicates), requests without a key: \(result.missingKey), left in the outbox: "
        + "\(result.outboxLeft), delivered \(result.delivered), failed attempts \(result.failed)")
    print("  baseline: \(result.notifications) bare sequential POSTs (AsyncHTTPClient, same body and receiver): "
        + "\(String(format: "%.2f s", result.baseline)) = \(Int(baselineRate))/s (process CPU \(microseconds(result.baselineCPU, per: result.notifications)) "
        + "per POST); delivery is \(String(format: "%.2f", rate / baselineRate))× the baseline")
    DeliveryStages.report(result.stages, baseline: result.baseline)
}

func microseconds(_ seconds: Double, per count: Int) -> String {
    String(format: "%.0f µs", seconds / Double(max(count, 1)) * 1e6)
}

extension Array {
    func asyncMap<T>(_ transform: (Element) async throws -> T) async rethrows -> [T] {
        var results: [T] = []
        for element in self { results.append(try await transform(element)) }
        return results
    }
}

do {
    try await runBenchmark(try Options(CommandLine.arguments))
} catch {
    FileHandle.standardError.write(Data("AlertBench: \(error)\n".utf8))
    exit(1)
}
