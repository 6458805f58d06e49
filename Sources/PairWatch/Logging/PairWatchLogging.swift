// SPDX-License-Identifier: Apache-2.0
import Foundation
import Logging

/// Process-wide logging set-up from `--log.level` and `--log.format`: every logger writes lines to stderr.
public enum PairWatchLogging {
    public enum Level: String, Sendable, CaseIterable {
        case debug, info, warn, error

        var swiftLogLevel: Logger.Level {
            switch self {
            case .debug: return .debug
            case .info: return .info
            case .warn: return .warning
            case .error: return .error
            }
        }
    }

    public enum Format: String, Sendable, CaseIterable {
        case logfmt, json
        /// The systemd journal's native protocol, with every metadata key as a field.
        case journald
    }

    /// `format` as given, or when none was, `journald` if stderr goes to the journal (a systemd service) and
    /// `logfmt` otherwise.
    public static func bootstrap(level: Level, format: Format?) {
        let format = format ?? (JournalLogHandler.stderrIsJournal() ? .journald : .logfmt)
        LoggingSystem.bootstrap { label -> any LogHandler in
            if format == .journald {
                return JournalLogHandler(label: label, level: level.swiftLogLevel, fallback: writeToStandardError)
            }
            return LogLineHandler(label: label, level: level.swiftLogLevel, format: format, output: writeToStandardError)
        }
    }

    /// The Prometheus spelling of a level: `warn`, not `warning`.
    static func name(of level: Logger.Level) -> String {
        switch level {
        case .trace: return "debug"
        case .debug: return "debug"
        case .info, .notice: return "info"
        case .warning: return "warn"
        case .error, .critical: return "error"
        }
    }

    @Sendable static func writeToStandardError(_ line: String) {
        FileHandle.standardError.write(Data((line + "\n").utf8))
    }
}
