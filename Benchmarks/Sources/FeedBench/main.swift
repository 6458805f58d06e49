// SPDX-License-Identifier: Apache-2.0
import Foundation
import MarketData
import Storage

/// Where the time of a replay at speed 0 goes, stage by stage, in-process on one thread: the recording's lines
/// read as recorded items, then decoded by `BinanceDecoder` (the replay's whole decoding path), then resampled,
/// then handed to the ingest pipeline, then committed by `BatchWriter` in transactions of one batch of
/// `--batch-size` trades (how the writer committed a backlog before) and of up to 64 batches (how it does now).
///
/// Usage: FeedBench RECORDING [--runs 3] [--batch-size 1000]
/// Each stage is timed over every frame of the recording (loaded into memory first); rates are by the median of
/// `--runs` runs' process CPU time, which other work on a shared machine disturbs less than wall time.
struct Options {
    var recording = ""
    var runs = 3
    var batchSize = 1_000

    init(_ arguments: [String]) throws {
        var rest = arguments.dropFirst()
        while let argument = rest.popFirst() {
            guard argument.hasPrefix("--") else {
                recording = argument
                continue
            }
            let value = rest.popFirst() ?? ""
            guard let number = Int(value), number > 0 else {
                throw OptionError(text: "\(argument): expected a positive whole number, found \"\(value)\"")
            }
            switch argument {
            case "--runs": runs = number
            case "--batch-size": batchSize = number
            default: throw OptionError(text: "unknown option \(argument)")
            }
        }
        guard !recording.isEmpty else { throw OptionError(text: "usage: FeedBench RECORDING [--runs 3] [--batch-size 1000]") }
    }
}

struct OptionError: Error, CustomStringConvertible {
    let text: String
    var description: String { text }
}

func runBenchmark(_ options: Options) async throws {
    let lines = try RecordingLines(path: options.recording)
    let stages = FeedStages(lines: lines, batchSize: options.batchSize)
    let trades = try stages.decodeAll()
    print("feed: \(lines.count) recorded frames (\(lines.bytes.count / 1_000_000) MB), \(trades.count) trades, one thread, "
        + "median of \(options.runs) runs")
    try report("read lines (BinanceRecording.parseLine)", frames: lines.count, runs: options.runs) { try stages.parseLines() }
    try report("decode (parseLine + BinanceDecoder.decode)", frames: lines.count, runs: options.runs) { _ = try stages.decodeAll() }
    try report("resample (Resampler.add, 1s/1m/5m, batches of 1000)", frames: trades.count, runs: options.runs) { stages.resample(trades) }
    try await reportAsync("pipeline hand-over (IngestPipeline.handle, writer queue only)", frames: trades.count, runs: options.runs) {
        try await stages.handOver(trades)
    }
    for backlog in [1, BatchWriter.defaultBacklogBatches] {
        let stage = "commit (BatchWriter.flush of the whole queue, batch_size \(options.batchSize), \(backlog) per transaction)"
        try report(stage, frames: trades.count, runs: options.runs) { try stages.commit(trades, backlogBatches: backlog) }
    }
}

func report(_ stage: String, frames: Int, runs: Int, _ body: () throws -> Void) throws {
    var walls: [Double] = [], cpus: [Double] = []
    for _ in 0..<runs {
        let (wall, cpu) = (Measure.now(), Measure.processCPU())
        try body()
        walls.append(Measure.now() - wall)
        cpus.append(Measure.processCPU() - cpu)
    }
    Measure.print(stage, frames: frames, walls: walls, cpus: cpus)
}

func reportAsync(_ stage: String, frames: Int, runs: Int, _ body: () async throws -> (wall: Double, cpu: Double)) async throws {
    var walls: [Double] = [], cpus: [Double] = []
    for _ in 0..<runs {
        let (wall, cpu) = try await body()
        walls.append(wall)
        cpus.append(cpu)
    }
    Measure.print(stage, frames: frames, walls: walls, cpus: cpus)
}

do {
    try await runBenchmark(try Options(CommandLine.arguments))
} catch {
    FileHandle.standardError.write(Data("FeedBench: \(error)\n".utf8))
    exit(1)
}
