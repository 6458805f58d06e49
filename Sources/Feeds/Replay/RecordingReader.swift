// SPDX-License-Identifier: Apache-2.0
import Foundation
import Logging
import MarketData

/// Turns the lines of a recording (written by `FrameRecorder`) into trades, read chunk by chunk, through the same
/// `BinanceDecoder` the live feed uses: frames in recorded order, REST bodies through `decodeAggTrades`.
///
/// Control replies, error frames and `NA` trades give no trade; a frame or body that does not decode is counted and
/// logged (the first ten, then every thousandth) and skipped, as the live feed does. A line that is not a recorded
/// item at all stops the replay with `FILE:LINE:COLUMN: …`.
struct RecordingReader {
    static let connection = "replay"

    let path: String
    let logger: Logger
    let statistics: FeedStatistics?
    private var lineNumber = 0
    private var partial: [UInt8] = []
    private(set) var decodeFailures = 0
    /// The line being read, its payload's storage reused from line to line.
    private var item = RecordedItem(receivedMs: 0, source: .frame(connection: ""), payload: [])
    /// Frames read since the statistics were last told, reported once per chunk: taking their lock and looking up the
    /// connection for every frame cost a replay about a twentieth of its decoding time (measured with `perf`).
    private var unreported = (count: 0, lastReceivedMs: Int64(0), lags: [Double]())

    init(path: String, logger: Logger, statistics: FeedStatistics?) {
        self.path = path
        self.logger = logger
        self.statistics = statistics
    }

    /// Reads every complete line of `bytes` (with what was left over from the previous chunk); `emit` gets each
    /// trade with the receive time of its line.
    mutating func consume(_ bytes: UnsafeRawBufferPointer, emit: (Trade, Int64) -> Void) throws(ReplayError) {
        var start = 0
        while let newline = Self.newline(in: bytes, from: start) {
            if partial.isEmpty {
                try readLine(UnsafeRawBufferPointer(rebasing: bytes[start..<newline]), emit: emit)
            } else {
                partial += UnsafeRawBufferPointer(rebasing: bytes[start..<newline])
                let line = partial
                partial.removeAll(keepingCapacity: true)
                try readLine(line, emit: emit)
            }
            start = newline + 1
        }
        partial += UnsafeRawBufferPointer(rebasing: bytes[start...])
        reportReceived()
    }

    /// The index of the next newline at or after `start`. `memchr` rather than `firstIndex(of:)` on a slice, which
    /// went byte by byte through the generic collection code and cost a replay about a tenth of its decoding time.
    private static func newline(in bytes: UnsafeRawBufferPointer, from start: Int) -> Int? {
        guard let base = bytes.baseAddress, start < bytes.count, let found = memchr(base + start, 0x0A, bytes.count - start) else { return nil }
        return UnsafeRawPointer(found) - base
    }

    /// Reads the last line when the file does not end with a newline.
    mutating func finish(emit: (Trade, Int64) -> Void) throws(ReplayError) {
        let line = partial
        partial = []
        if !line.isEmpty { try readLine(line, emit: emit) }
        reportReceived()
    }

    private mutating func reportReceived() {
        guard unreported.count > 0 else { return }
        statistics?.received(unreported.count, on: Self.connection, at: unreported.lastReceivedMs, lagsSeconds: unreported.lags)
        unreported.count = 0
        unreported.lags.removeAll(keepingCapacity: true)
    }

    private mutating func received(at receivedMs: Int64, lagSeconds: Double?) {
        unreported.count += 1
        unreported.lastReceivedMs = receivedMs
        if let lagSeconds { unreported.lags.append(lagSeconds) }
    }

    private mutating func readLine(_ line: [UInt8], emit: (Trade, Int64) -> Void) throws(ReplayError) {
        let outcome = line.withUnsafeBytes { bytes in Result { () throws(ReplayError) in try readLine(bytes, emit: emit) } }
        try outcome.get()
    }

    private mutating func readLine(_ raw: UnsafeRawBufferPointer, emit: (Trade, Int64) -> Void) throws(ReplayError) {
        lineNumber += 1
        let line = raw.last == UInt8(ascii: "\r") ? UnsafeRawBufferPointer(rebasing: raw.dropLast()) : raw
        guard line.contains(where: { $0 != 0x20 && $0 != 0x09 }) else { return }
        do {
            try BinanceRecording.parseLine(line, into: &item)
        } catch {
            throw ReplayError(description: "\(path):\(lineNumber):\(error.offset + 1): \(error.message)")
        }
        switch item.source {
        case .frame: replayFrame(item, emit: emit)
        case .rest(let symbol): replayRest(item, symbol: symbol, emit: emit)
        }
    }

    private mutating func replayFrame(_ item: RecordedItem, emit: (Trade, Int64) -> Void) {
        let outcome = item.payload.withUnsafeBytes { bytes in Result { () throws(BinanceDecodeError) in try BinanceDecoder.decode(bytes) } }
        guard case .success(let message) = outcome else {
            if case .failure(let error) = outcome { failed(error, item) }
            return
        }
        guard case .trade(let trade, let eventTimeMs) = message else {
            received(at: item.receivedMs, lagSeconds: nil)
            return
        }
        received(at: item.receivedMs, lagSeconds: Double(item.receivedMs - eventTimeMs) / 1_000)
        emit(trade, item.receivedMs)
    }

    private mutating func replayRest(_ item: RecordedItem, symbol: String, emit: (Trade, Int64) -> Void) {
        let outcome = item.payload.withUnsafeBytes { bytes in
            Result { () throws(BinanceDecodeError) in try BinanceDecoder.decodeAggTrades(bytes, symbol: symbol) }
        }
        guard case .success(let trades) = outcome else {
            if case .failure(let error) = outcome { failed(error, item) }
            return
        }
        statistics?.backfilled(trades.count, symbol: symbol)
        for trade in trades { emit(trade, item.receivedMs) }
    }

    private mutating func failed(_ error: BinanceDecodeError, _ item: RecordedItem) {
        decodeFailures += 1
        statistics?.decodeFailed()
        guard decodeFailures <= 10 || decodeFailures % 1_000 == 0 else { return }
        let what = if case .rest = item.source { "REST body" } else { "frame" }
        logger.warning(
            "replay: recorded \(what) does not decode, skipped: \(error)",
            metadata: ["file": "\(path)", "line": "\(lineNumber)", "failures": "\(decodeFailures)"])
    }
}
