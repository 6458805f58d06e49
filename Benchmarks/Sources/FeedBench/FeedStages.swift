// SPDX-License-Identifier: Apache-2.0
import Foundation
import Logging
import MarketData
import Pipeline
import Storage

/// A recording loaded into memory, with where each of its lines starts and ends (newline excluded).
struct RecordingLines {
    let bytes: [UInt8]
    let ranges: [Range<Int>]
    var count: Int { ranges.count }

    init(path: String) throws {
        bytes = Array(try Data(contentsOf: URL(fileURLWithPath: path)))
        var ranges: [Range<Int>] = []
        var start = 0
        for index in bytes.indices where bytes[index] == UInt8(ascii: "\n") {
            if index > start { ranges.append(start..<index) }
            start = index + 1
        }
        if start < bytes.count { ranges.append(start..<bytes.count) }
        self.ranges = ranges
    }
}

/// The stages of a replay, each run over the whole recording or its trades.
struct FeedStages {
    static let timeframes = ["1s", "1m", "5m"].compactMap(Timeframe.init)
    static let handOverBatch = 1_000
    let lines: RecordingLines
    let batchSize: Int

    /// Lines are read into one item, its payload's storage reused, as the replay reads them.
    func parseLines() throws {
        var item = RecordedItem(receivedMs: 0, source: .frame(connection: ""), payload: [])
        try lines.bytes.withUnsafeBytes { bytes in
            for range in lines.ranges { try BinanceRecording.parseLine(UnsafeRawBufferPointer(rebasing: bytes[range]), into: &item) }
        }
    }

    func decodeAll() throws -> [Trade] {
        var trades: [Trade] = []
        trades.reserveCapacity(lines.count)
        var item = RecordedItem(receivedMs: 0, source: .frame(connection: ""), payload: [])
        try lines.bytes.withUnsafeBytes { bytes in
            for range in lines.ranges {
                try BinanceRecording.parseLine(UnsafeRawBufferPointer(rebasing: bytes[range]), into: &item)
                let message = try item.payload.withUnsafeBytes { payload in try BinanceDecoder.decode(payload) }
                if case .trade(let trade, _) = message { trades.append(trade) }
            }
        }
        return trades
    }

    func resample(_ trades: [Trade]) {
        var resampler = Resampler(timeframes: Self.timeframes)
        var closed = 0
        for start in stride(from: 0, to: trades.count, by: Self.handOverBatch) {
            closed += resampler.add(trades[start..<min(start + Self.handOverBatch, trades.count)]).closed.count
        }
        precondition(closed > 0, "the recording closed no bar")
    }

    /// Wall and CPU seconds `IngestPipeline.handle` takes for every trade in batches of 1000 (the replay's batches); nothing is
    /// committed, so this is the hand-over's own cost (statistics, resampler, the writer's queue).
    func handOver(_ trades: [Trade]) async throws -> (wall: Double, cpu: Double) {
        let database = try BenchDatabase(batchSize: batchSize, backlogBatches: BatchWriter.defaultBacklogBatches)
        let pipeline = IngestPipeline(resampler: Resampler(timeframes: Self.timeframes), writer: database.writer)
        let batches = stride(from: 0, to: trades.count, by: Self.handOverBatch).map { Array(trades[$0..<min($0 + Self.handOverBatch, trades.count)]) }
        let (wall, cpu) = (Measure.now(), Measure.processCPU())
        for batch in batches { try await pipeline.handle(batch) }
        return (Measure.now() - wall, Measure.processCPU() - cpu)
    }

    /// Commits every trade, queued at once as a replay at speed 0 queues them, through `BatchWriter.flush`, with
    /// up to `backlogBatches` batches per transaction.
    func commit(_ trades: [Trade], backlogBatches: Int) throws {
        let database = try BenchDatabase(batchSize: batchSize, backlogBatches: backlogBatches)
        database.writer.submit(trades: trades)
        precondition(database.writer.flush(), "the commit failed")
    }
}

/// A fresh database in a temporary folder, removed with this object, and the writer of `serve` on it.
final class BenchDatabase {
    let folder: URL
    let writer: BatchWriter

    init(batchSize: Int, backlogBatches: Int) throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("feed-bench-\(getpid())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let database = try TradeDatabase(path: folder.appendingPathComponent("bench.db").path)
        var logger = Logger(label: "feed-bench")
        logger.logLevel = .warning
        writer = BatchWriter(
            database: database, statistics: StorageStatistics(), batchSize: batchSize, interval: .milliseconds(200), clock: ContinuousClock(),
            logger: logger, backlogBatches: backlogBatches)
    }

    deinit { try? FileManager.default.removeItem(at: folder) }
}

/// Timing helpers: wall time, and the process's CPU time, which a machine shared with other work disturbs less.
enum Measure {
    static func now() -> Double {
        var spec = timespec()
        clock_gettime(CLOCK_MONOTONIC, &spec)
        return Double(spec.tv_sec) + Double(spec.tv_nsec) / 1e9
    }

    static func processCPU() -> Double {
        var spec = timespec()
        clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &spec)
        return Double(spec.tv_sec) + Double(spec.tv_nsec) / 1e9
    }

    /// One line: the rate by median CPU time, the medians of wall and CPU time, and every run's CPU time.
    static func print(_ stage: String, frames: Int, walls: [Double], cpus: [Double]) {
        let (wall, cpu) = (walls.sorted()[walls.count / 2], cpus.sorted()[cpus.count / 2])
        let all = cpus.map { String(format: "%.2f", $0) }.joined(separator: ", ")
        let padded = stage.padding(toLength: max(stage.count, 72), withPad: " ", startingAt: 0)
        let rate = Double(frames) / cpu
        let figures = String(format: " %9.0f /s  %5.2f µs each  (CPU %.2f s, wall %.2f s", rate, cpu / Double(frames) * 1e6, cpu, wall)
        Swift.print("  \(padded)\(figures); CPU of each run \(all) s)")
    }
}
