// SPDX-License-Identifier: Apache-2.0
import Foundation
import Logging

/// A swift-log handler writing one line per message, logfmt or JSON, as the Prometheus exporters log:
/// `ts=2026-11-25T01:02:03.456Z level=info logger=pairwatch msg="listening" address=127.0.0.1:7247`.
public struct LogLineHandler: LogHandler {
    public var logLevel: Logger.Level
    public var metadata: Logger.Metadata = [:]
    public var metadataProvider: Logger.MetadataProvider?
    let label: String
    let format: PairWatchLogging.Format
    let output: @Sendable (String) -> Void

    public init(label: String, level: Logger.Level, format: PairWatchLogging.Format, output: @escaping @Sendable (String) -> Void) {
        self.label = label
        self.logLevel = level
        self.format = format
        self.output = output
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    public func log(event: LogEvent) {
        let merged = Self.merged(metadata, metadataProvider, event)
        var fields: [(String, String)] = [
            ("ts", Self.timestamp(Date())), ("level", PairWatchLogging.name(of: event.level)), ("logger", label),
            ("msg", "\(event.message)"),
        ]
        for key in merged.keys.sorted() {
            if let value = merged[key] { Self.flatten(value, key: Self.metadataKey(key), into: &fields) }
        }
        if event.level >= .error { fields.append(("source", "\(event.file.split(separator: "/").last ?? ""):\(event.line)")) }
        output(format == .json ? LogLineFormat.json(fields) : LogLineFormat.logfmt(fields))
    }

    /// A handler's metadata, then its provider's, then the message's, each winning over the one before.
    static func merged(_ metadata: Logger.Metadata, _ provider: Logger.MetadataProvider?, _ event: LogEvent) -> Logger.Metadata {
        var merged = metadata
        if let provided = provider?.get() { merged.merge(provided) { $1 } }
        if let extra = event.metadata { merged.merge(extra) { $1 } }
        return merged
    }

    /// RFC 3339 in UTC with milliseconds.
    static func timestamp(_ date: Date) -> String {
        date.formatted(Date.ISO8601FormatStyle(includingFractionalSeconds: true, timeZone: .gmt))
    }

    /// The fields every line starts with; metadata under one of these names is renamed so it cannot shadow them.
    static let reservedKeys: Set<String> = ["ts", "level", "logger", "msg", "source"]

    /// A metadata key as a logfmt key: no space, `=` or `"` (go-logfmt rejects those), never a reserved name.
    static func metadataKey(_ key: String) -> String {
        let cleaned = String(String.UnicodeScalarView(key.unicodeScalars.map { LogLineFormat.isPlain($0) ? $0 : "_" }))
        if cleaned.isEmpty { return "_" }
        return reservedKeys.contains(cleaned) ? "metadata." + cleaned : cleaned
    }

    /// Nested dictionaries become dotted keys (`request.method=GET`), lists `key=[a,b]`: one line per message,
    /// and every leaf stays a field of its own for grep and Loki.
    static func flatten(_ value: Logger.Metadata.Value, key: String, into fields: inout [(String, String)]) {
        guard case .dictionary(let entries) = value else {
            fields.append((key, text(of: value)))
            return
        }
        for name in entries.keys.sorted() {
            if let entry = entries[name] { flatten(entry, key: key + "." + metadataKey(name), into: &fields) }
        }
    }

    private static func text(of value: Logger.Metadata.Value) -> String {
        switch value {
        case .string(let text): return text
        case .stringConvertible(let convertible): return convertible.description
        case .array(let values): return "[" + values.map(text).joined(separator: ",") + "]"
        case .dictionary(let entries): return "{" + entries.keys.sorted().map { "\($0)=\(text(of: entries[$0] ?? ""))" }.joined(separator: ",") + "}"
        }
    }
}

/// The two line formats; values are escaped so that a message never spans two lines.
enum LogLineFormat {
    static func logfmt(_ fields: [(String, String)]) -> String {
        fields.map { "\($0.0)=\(quoteIfNeeded($0.1))" }.joined(separator: " ")
    }

    static func json(_ fields: [(String, String)]) -> String {
        "{" + fields.map { "\"\(escape($0.0))\":\"\(escape($0.1))\"" }.joined(separator: ",") + "}"
    }

    /// As go-logfmt decides: a value with a space, a control character, `=` or `"` is quoted (and a backslash too,
    /// so that escapes inside a value read back unambiguously).
    private static func quoteIfNeeded(_ value: String) -> String {
        let needsQuotes = value.isEmpty || !value.unicodeScalars.allSatisfy(isPlain)
        return needsQuotes ? "\"" + escape(value) + "\"" : value
    }

    static func isPlain(_ scalar: Unicode.Scalar) -> Bool {
        scalar.value > 0x20 && scalar.value != 0x7f && scalar != "=" && scalar != "\"" && scalar != "\\"
            && !scalar.properties.isWhitespace
    }

    private static func escape(_ value: String) -> String {
        var out = ""
        for scalar in value.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where scalar.value < 0x20 || scalar.value == 0x7f: out += String(format: "\\u%04x", scalar.value)
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }
}
