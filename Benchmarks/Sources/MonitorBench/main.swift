// SPDX-License-Identifier: Apache-2.0
import BenchSupport
import Foundation
import Logging
import Pipeline

/// The pair monitor of `pairwatch serve` in-process, at the scale of the performance targets (issue 9): restore from
/// stored bars, update after a 1s bar closes for every symbol (`--workers` compute tasks; 1 is "one core"), and the
/// `/metrics` render of the board with the bytes it allocates.
///
/// Usage: MonitorBench [--symbols 200] [--pairs 1000] [--window 500] [--zscore-window 100] [--bars 520] [--updates 20]
///        [--renders 20] [--workers 1] [--db PATH] [--end-ms MS] [--store-only]
/// `--store-only` writes the stored bars (ending at `--end-ms`, default 2026-01-01) into `--db` and stops: the database
/// scripts/bench_monitor.sh gives the real daemon.
/// Allocations are counted by the CAllocCounter interposer linked into this executable (requested bytes).
struct Options {
    var symbols = 200, pairs = 1_000, window = 500, zscoreWindow = 100, bars = 520, updates = 20, renders = 20, workers = 1
    var database: String?
    /// 2026-01-01T00:00:00Z: aligned on every timeframe, and the same data on every run.
    var endMs: Int64 = 1_767_225_600_000
    var storeOnly = false

    init(_ arguments: [String]) throws {
        var rest = arguments.dropFirst()
        while let flag = rest.popFirst() {
            if flag == "--store-only" {
                storeOnly = true
                continue
            }
            let value = rest.popFirst() ?? ""
            if flag == "--db" {
                database = value
                continue
            }
            guard let number = Int64(value), number > 0 else {
                throw OptionError(text: "\(flag): expected a positive whole number, found \"\(value)\"")
            }
            switch flag {
            case "--end-ms": endMs = number
            case "--symbols": symbols = Int(number)
            case "--pairs": pairs = Int(number)
            case "--window": window = Int(number)
            case "--zscore-window": zscoreWindow = Int(number)
            case "--bars": bars = Int(number)
            case "--updates": updates = Int(number)
            case "--renders": renders = Int(number)
            case "--workers": workers = Int(number)
            default: throw OptionError(text: "unknown option \(flag)")
            }
        }
        guard pairs <= symbols * (symbols - 1) else { throw OptionError(text: "--pairs: \(pairs) is more than \(symbols) symbols can form") }
    }
}

struct OptionError: Error, CustomStringConvertible {
    let text: String
    var description: String { text }
}

func runBenchmark(_ options: Options) async throws {
    var logger = Logger(label: "monitor-bench")
    logger.logLevel = .warning
    let market = BenchMarket(symbols: options.symbols, pairs: options.pairs, bars: options.bars, endMs: options.endMs, seed: 20_260_101)
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("monitor-bench-\(getpid())").path
    defer { try? FileManager.default.removeItem(atPath: folder) }
    let run = try MonitorRun(
        market: market, path: options.database ?? folder + "/bench.db", window: options.window, zscoreWindow: options.zscoreWindow,
        workers: options.workers, logger: logger)
    let count = market.pairs.count * MonitorRun.timeframes.count
    print("monitor: \(market.symbols.count) symbols, \(market.pairs.count) pairs × \(MonitorRun.timeframes.count) timeframes = \(count) series, "
        + "window \(options.window), z-score window \(options.zscoreWindow), \(options.workers) worker(s)")
    let stored = run.store()
    let bars = market.symbols.count * options.bars * MonitorRun.timeframes.count
    print("stored \(bars) bars in \(Measure.milliseconds(stored)) (BatchWriter, one commit)")
    if options.storeOnly { return }
    let (seed, restore, task) = try await run.start()
    print("start: resampler seeded from storage in \(Measure.milliseconds(seed)); \(count) series restored in \(Measure.milliseconds(restore))")
    do {
        try await measureUpdates(run, options: options)
        try await measureRenders(run, options: options)
    } catch {
        task.cancel()
        throw error
    }
    task.cancel()
    _ = await task.result
}

func measureUpdates(_ run: MonitorRun, options: Options) async throws {
    let oneSecond = run.monitor.board.entries.filter { $0.series.timeframe == MonitorRun.timeframes[0] }
    var walls: [Double] = [], cpus: [Double] = []
    for step in 0..<options.updates {
        let (wall, cpu) = try await run.closeOneSecondBar(step: step, oneSecond: oneSecond)
        walls.append(wall)
        cpus.append(cpu)
    }
    let (wall, cpu) = (Measure.summary(walls), Measure.summary(cpus))
    print("update: a 1s bar closed for \(run.market.symbols.count) symbols until all \(oneSecond.count) 1s series published it, "
        + "\(options.updates) closes: median \(Measure.milliseconds(wall.median)), max \(Measure.milliseconds(wall.max)) (target < 200 ms); "
        + "process CPU per close: median \(Measure.milliseconds(cpu.median))")
}

/// Renders after nothing changed, and after a 1s close (what every scrape of a running daemon finds: a new reading of
/// each 1s series).
func measureRenders(_ run: MonitorRun, options: Options) async throws {
    let board = run.monitor.board
    let oneSecond = board.entries.filter { $0.series.timeframe == MonitorRun.timeframes[0] }
    var step = options.updates
    for (kind, close) in [("nothing changed", false), ("a 1s close since the last", true)] {
        let result = try await RenderRun(board: board).run(renders: options.renders) {
            guard close else { return }
            _ = try await run.closeOneSecondBar(step: step, oneSecond: oneSecond)
            step += 1
        }
        let time = Measure.summary(result.seconds)
        let (bytes, calls) = (Measure.summary(result.bytes.map(Double.init)).median, Measure.summary(result.calls.map(Double.init)).median)
        print("render, \(kind): \(result.size) bytes, \(result.lines) lines; \(options.renders) renders: "
            + "median \(Measure.milliseconds(time.median)), p99 \(Measure.milliseconds(time.p99)), max \(Measure.milliseconds(time.max)); "
            + "allocated (requested, median) \(Measure.megabytes(Int(bytes))) in \(Int(calls)) mallocs (target < 2 MB)")
    }
}

do {
    try await runBenchmark(try Options(CommandLine.arguments))
} catch {
    FileHandle.standardError.write(Data("MonitorBench: \(error)\n".utf8))
    exit(1)
}
