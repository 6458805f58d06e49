// SPDX-License-Identifier: Apache-2.0
import Foundation
import Logging
import MarketData
import ServiceLifecycle

/// Replays a trade CSV file (seed, aggTrades or trades format, detected from its first line and name), or a
/// recording of the live Binance feed (`FrameRecorder`'s JSON lines, recognised by a first byte `{`), as a feed.
///
/// Trades are delivered in file order. With `speed` s > 0 a trade whose event time (for a recording: the receive
/// time of its line) is Δ after the first one's is delivered once the injected clock has run Δ/s; with speed 0 the
/// file is replayed as fast as the handler takes it. `run()` returns at the end of the file; a malformed row or
/// recorded line stops it with the `FILE:LINE:COLUMN` error. A recorded frame that does not decode is counted in
/// `statistics` and skipped, as the live feed does.
public struct ReplayFeed<C: Clock>: TradeFeed where C.Duration == Duration {
    public let name = "replay"
    private let path: String
    private let speed: Double
    private let clock: C
    private let logger: Logger
    private let handler: TradeHandler
    private let statistics: FeedStatistics?
    static var batchSize: Int { 1_000 }
    static var chunkSize: Int { 1 << 20 }

    public init(
        path: String, speed: Double, clock: C, logger: Logger = Logger(label: "pairwatch.feed.replay"), statistics: FeedStatistics? = nil,
        handler: @escaping TradeHandler
    ) {
        self.path = path
        self.statistics = statistics
        self.speed = speed
        self.clock = clock
        self.logger = logger
        self.handler = handler
    }

    public func run() async throws {
        logger.info("replay started", metadata: ["file": "\(path)", "speed": "\(speed)"])
        do {
            let delivered = try await cancelWhenGracefulShutdown { try await replayFile() }
            logger.info("replay finished", metadata: ["file": "\(path)", "trades": "\(delivered)"])
        } catch is CancellationError {
            logger.info("replay stopped", metadata: ["file": "\(path)"])
        }
    }

    /// Reads, parses and delivers the file chunk by chunk; returns the number of trades delivered.
    private func replayFile() async throws -> Int {
        let file: FileHandle
        do {
            try FileAccess.checkReadable(path)
            file = try FileHandle(forReadingFrom: URL(fileURLWithPath: path))
        } catch {
            throw FileAccessError.reading(path, error)
        }
        defer { try? file.close() }
        let chunk = try read(file)
        if chunk.first == UInt8(ascii: "{") { return try await replayRecording(file, firstChunk: chunk) }
        return try await replayCSV(file, firstChunk: chunk)
    }

    private func replayCSV(_ file: FileHandle, firstChunk: Data) async throws -> Int {
        var chunk = firstChunk
        let firstLine = String(decoding: chunk.prefix { $0 != UInt8(ascii: "\n") }, as: UTF8.self)
        guard let format = TradeFileFormat.detect(fileName: path, firstLine: firstLine) else {
            throw ReplayError(description: "\(path): not a trade file of a known format (\(TradeFileFormat.knownNames))")
        }
        var parser = TradeCSVParser(file: path, format: format, symbol: TradeFileFormat.symbol(fromFileName: path))
        var pacer = Pacer(clock: clock, speed: speed)
        var delivered = 0
        while !chunk.isEmpty {
            try await pause()
            var trades: [Trade] = []
            try chunk.withUnsafeBytes { bytes in try parser.consume(bytes) { trades.append($0) } }
            try await deliver(trades, &pacer)
            delivered += trades.count
            chunk = try read(file)
        }
        var last: [Trade] = []
        try parser.finish { last.append($0) }
        try await deliver(last, &pacer)
        return delivered + last.count
    }

    private func replayRecording(_ file: FileHandle, firstChunk: Data) async throws -> Int {
        var reader = RecordingReader(path: path, logger: logger, statistics: statistics)
        var pacer = Pacer(clock: clock, speed: speed)
        var chunk = firstChunk
        var delivered = 0
        var trades: [Trade] = []
        var receivedMs: [Int64] = []
        func collect(_ trade: Trade, _ ms: Int64) {
            trades.append(trade)
            receivedMs.append(ms)
        }
        while !chunk.isEmpty {
            try await pause()
            try chunk.withUnsafeBytes { bytes throws in try reader.consume(bytes, emit: collect) }
            try await deliver(trades, &pacer, pacedBy: receivedMs)
            delivered += trades.count
            trades.removeAll(keepingCapacity: true)
            receivedMs.removeAll(keepingCapacity: true)
            chunk = try read(file)
        }
        try reader.finish(emit: collect)
        try await deliver(trades, &pacer, pacedBy: receivedMs)
        if reader.decodeFailures > 0 {
            logger.warning(
                "replay: recorded frames that did not decode were skipped", metadata: ["file": "\(path)", "count": "\(reader.decodeFailures)"])
        }
        return delivered + trades.count
    }

    /// Between chunks. At speed 0 nothing sleeps, so cancellation is checked here rather than left to the handler,
    /// and the task yields: otherwise a replay holds its thread of the cooperative pool to the end of the file, and
    /// on one core (one pool thread) the writer's timer, the HTTP server and the pair monitor waited for the whole
    /// replay while every trade queued in memory for the writer.
    private func pause() async throws {
        try Task.checkCancellation()
        await Task.yield()
    }

    private func read(_ file: FileHandle) throws(FileAccessError) -> Data {
        do {
            return try file.read(upToCount: Self.chunkSize) ?? Data()
        } catch {
            throw .reading(path, error)
        }
    }

    /// Hands trades over in batches of up to `batchSize`, each once its event time (or the time in `pacedBy` at its
    /// index) is due. Batches are cut from the array rather than built trade by trade, and at speed 0 the pacer is not
    /// asked: both cost a replay at full speed more than a tenth of its hand-over (measured with `perf`).
    private func deliver(_ trades: [Trade], _ pacer: inout Pacer<C>, pacedBy times: [Int64]? = nil) async throws {
        var batchStart = 0
        for index in trades.indices {
            if index - batchStart == Self.batchSize {
                try await handler(Array(trades[batchStart..<index]))
                batchStart = index
            }
            guard speed > 0, let wait = pacer.wait(for: times?[index] ?? trades[index].timeMs) else { continue }
            if batchStart < index { try await handler(Array(trades[batchStart..<index])) }
            batchStart = index
            try await clock.sleep(for: wait)
        }
        if batchStart < trades.count { try await handler(Array(trades[batchStart...])) }
    }
}

/// Maps event time onto the clock: the first trade starts both.
struct Pacer<C: Clock> where C.Duration == Duration {
    let clock: C
    let speed: Double
    private var origin: (eventMs: Int64, instant: C.Instant)?

    init(clock: C, speed: Double) {
        self.clock = clock
        self.speed = speed
    }

    /// How long to wait before a trade at `eventMs` is due; nil when it is due now.
    mutating func wait(for eventMs: Int64) -> Duration? {
        guard speed > 0 else { return nil }
        guard let origin else {
            origin = (eventMs, clock.now)
            return nil
        }
        let due = origin.instant.advanced(by: .milliseconds(Double(eventMs - origin.eventMs) / speed))
        let remaining = clock.now.duration(to: due)
        return remaining > .zero ? remaining : nil
    }
}

struct ReplayError: Error, CustomStringConvertible {
    let description: String
}
