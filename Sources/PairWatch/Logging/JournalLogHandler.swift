// SPDX-License-Identifier: Apache-2.0
import Alerting
import Foundation
import Logging

/// A swift-log handler writing each message to the systemd journal in its native protocol: `MESSAGE`, `PRIORITY`
/// (syslog levels), `SYSLOG_IDENTIFIER=pairwatch`, `CODE_FILE`, `CODE_LINE`, `CODE_FUNC`, `LOGGER` and each metadata
/// key as a field of its own (`address` → `ADDRESS`), so `journalctl -u pairwatch RECEIVER=ops` filters on them.
/// When the journal cannot take an entry, the message goes to stderr as a logfmt line instead.
public struct JournalLogHandler: LogHandler {
    public var logLevel: Logger.Level
    public var metadata: Logger.Metadata = [:]
    public var metadataProvider: Logger.MetadataProvider?
    let label: String
    let journal: any JournalSink
    let fallback: LogLineHandler

    public init(label: String, level: Logger.Level, journal: any JournalSink = SystemdJournal(), fallback: @escaping @Sendable (String) -> Void) {
        self.label = label
        logLevel = level
        self.journal = journal
        self.fallback = LogLineHandler(label: label, level: level, format: .logfmt, output: fallback)
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    public func log(event: LogEvent) {
        let merged = LogLineHandler.merged(metadata, metadataProvider, event)
        var fields: [(String, String)] = [
            ("MESSAGE", "\(event.message)"), ("PRIORITY", "\(Self.priority(event.level))"), ("SYSLOG_IDENTIFIER", "pairwatch"),
            ("CODE_FILE", event.file), ("CODE_LINE", "\(event.line)"), ("CODE_FUNC", event.function), ("LOGGER", label),
        ]
        var flattened: [(String, String)] = []
        for key in merged.keys.sorted() {
            if let value = merged[key] { LogLineHandler.flatten(value, key: key, into: &flattened) }
        }
        fields += flattened.map { (Self.fieldName($0.0), $0.1) }
        guard journal.send(fields) < 0 else { return }
        var line = fallback
        line.metadata = merged
        line.log(event: event)
    }

    /// syslog(3) priorities, as journald stores them.
    static func priority(_ level: Logger.Level) -> Int {
        switch level {
        case .trace, .debug: 7
        case .info: 6
        case .notice: 5
        case .warning: 4
        case .error: 3
        case .critical: 2
        }
    }

    /// The fields the handler writes itself; metadata under one of these names is prefixed so it cannot replace them.
    static let reservedFields: Set<String> = ["MESSAGE", "PRIORITY", "SYSLOG_IDENTIFIER", "CODE_FILE", "CODE_LINE", "CODE_FUNC", "LOGGER"]

    /// A journal field name: uppercase letters, digits and `_`, not starting with a digit or `_` (journald drops
    /// such fields or keeps them for itself); `request.method` → `REQUEST_METHOD`.
    static func fieldName(_ key: String) -> String {
        var name = String(String.UnicodeScalarView(key.uppercased().unicodeScalars.map { scalar in
            ("A"..."Z").contains(scalar) || ("0"..."9").contains(scalar) ? scalar : "_"
        }))
        if name.first.map({ $0 == "_" || $0.isNumber }) ?? true || reservedFields.contains(name) { name = "METADATA_" + name }
        return name
    }

    /// Whether stderr is the stream systemd connected to the journal (`$JOURNAL_STREAM` is `device:inode` of it).
    public static func stderrIsJournal(_ environment: [String: String] = ProcessInfo.processInfo.environment) -> Bool {
        guard let stream = environment["JOURNAL_STREAM"] else { return false }
        var status = stat()
        guard fstat(2, &status) == 0 else { return false }
        return stream == "\(status.st_dev):\(status.st_ino)"
    }
}
