// SPDX-License-Identifier: Apache-2.0
import Logging
import Synchronization

/// A logger that keeps its messages in memory instead of printing them, so a test that provokes a failure on
/// purpose leaves the run's output clean and can assert on what was logged.
public final class LogRecorder: Sendable {
    /// One logged message: its level, text and metadata rendered as text.
    public struct Entry: Sendable, Equatable {
        public var level: Logger.Level
        public var message: String
        public var metadata: [String: String]
    }

    private let recorded = Mutex<[Entry]>([])

    public init() {}

    /// A logger at `trace` level whose every message lands in this recorder.
    public var logger: Logger {
        Logger(label: "pairwatch.test") { _ in RecordingHandler(recorder: self) }
    }

    public var entries: [Entry] { recorded.withLock { $0 } }

    /// The messages logged at `level` or above.
    public func messages(atLeast level: Logger.Level) -> [String] {
        entries.filter { $0.level >= level }.map(\.message)
    }

    fileprivate func append(_ entry: Entry) {
        recorded.withLock { $0.append(entry) }
    }
}

private struct RecordingHandler: LogHandler {
    let recorder: LogRecorder
    var logLevel: Logger.Level = .trace
    var metadata: Logger.Metadata = [:]
    var metadataProvider: Logger.MetadataProvider?

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        var merged = metadata
        if let extra = event.metadata { merged.merge(extra) { $1 } }
        recorder.append(LogRecorder.Entry(level: event.level, message: "\(event.message)", metadata: merged.mapValues { "\($0)" }))
    }
}
