// SPDX-License-Identifier: Apache-2.0
import Logging
import MarketData
import ServiceLifecycle
import Synchronization

/// Records every raw frame and REST `aggTrades` body the live Binance feed receives, as JSON lines a `ReplayFeed`
/// replays to the same trades (backfills included).
///
/// Size-capped: when the next line would take the file past `maxBytes` it becomes `PATH.1` (replacing an older
/// one) and a new file starts, so at most twice `maxBytes` is on disk; a line longer than `maxBytes` on its own is
/// dropped and logged. Lines are buffered and written when 64 KiB have gathered, when a line is recorded a second
/// or more (by its receive time) after the last write, every second while `run()` runs, and at `close()`. The
/// first error (a full disk) is logged once and stops the recording: the feed never fails because of its recorder.
/// Thread safe: every connection of the feed records through the same instance.
public final class FrameRecorder: Sendable {
    static let flushBytes = 64 << 10
    static let flushIntervalMs: Int64 = 1_000

    private struct State {
        var file: RecordingFile?
        var line: [UInt8] = []
        var lastFlushMs: Int64 = .min
        var warnedTooLong = false
    }

    public let path: String
    private let logger: Logger
    private let state: Mutex<State>

    /// Opens (or continues) the recording at `path`; throws when it cannot be opened.
    public init(path: String, maxBytes: Int64, logger: Logger) throws {
        self.path = path
        self.logger = logger
        state = Mutex(State(file: try RecordingFile(path: path, maxBytes: maxBytes)))
    }

    public func record(frame: UnsafeRawBufferPointer, connection: String, receivedMs: Int64) {
        write(receivedMs) { BinanceRecording.appendLine(frame: frame, connection: connection, receivedMs: receivedMs, to: &$0) }
    }

    public func record(restBody: UnsafeRawBufferPointer, symbol: String, receivedMs: Int64) {
        write(receivedMs) { BinanceRecording.appendLine(restBody: restBody, symbol: symbol, receivedMs: receivedMs, to: &$0) }
    }

    /// Writes what is buffered.
    public func flush() {
        state.withLock { state in perform(&state) { file throws(RecordingError) in try file.flush() } }
    }

    /// Writes what is buffered and closes the file; later records are ignored. Safe to call more than once.
    public func close() {
        state.withLock { state in
            perform(&state) { file throws(RecordingError) in try file.close() }
            state.file = nil
        }
    }

    /// Flushes every second of `clock` until cancelled or graceful shutdown, then closes the recording.
    public func run<C: Clock>(flushingOn clock: C) async throws where C.Duration == Duration {
        try? await cancelWhenGracefulShutdown { try await self.flushPeriodically(every: .seconds(1), clock: clock) }
        close()
    }

    func flushPeriodically<C: Clock>(every interval: Duration, clock: C) async throws where C.Duration == Duration {
        while true {
            try await clock.sleep(for: interval)
            flush()
        }
    }

    private func write(_ receivedMs: Int64, _ compose: (inout [UInt8]) -> Void) {
        state.withLock { state in
            guard let maxBytes = state.file?.maxBytes else { return }
            state.line.removeAll(keepingCapacity: true)
            compose(&state.line)
            guard Int64(state.line.count) <= maxBytes else { return dropTooLong(&state, maxBytes) }
            let line = state.line
            let due = state.lastFlushMs == .min || receivedMs &- state.lastFlushMs >= Self.flushIntervalMs
            perform(&state) { file throws(RecordingError) in
                try file.append(line)
                if due || file.bufferedBytes >= Self.flushBytes { try file.flush() }
            }
            if due { state.lastFlushMs = receivedMs }
        }
    }

    private func dropTooLong(_ state: inout State, _ maxBytes: Int64) {
        guard !state.warnedTooLong else { return }
        state.warnedTooLong = true
        logger.warning(
            "recording: a line longer than the size cap was dropped (logged once)",
            metadata: ["file": "\(path)", "bytes": "\(state.line.count)", "max_bytes": "\(maxBytes)"])
    }

    /// Runs `action` on the open file; its first error is logged and ends the recording.
    private func perform(_ state: inout State, _ action: (inout RecordingFile) throws(RecordingError) -> Void) {
        guard var file = state.file else { return }
        state.file = nil
        do {
            try action(&file)
            state.file = file
        } catch {
            try? file.close()
            logger.error("recording stopped: \(error)", metadata: ["file": "\(path)"])
        }
    }
}
