// SPDX-License-Identifier: Apache-2.0
import Logging

/// The journal: each transition becomes one entry with a readable `MESSAGE`, a `PRIORITY` from the severity and
/// `PAIRWATCH_*` fields, so `journalctl PAIRWATCH_ALERT=SpreadZscoreHigh` finds an alert's history.
///
/// Where the journal cannot be reached (no socket in a container) the same message and fields go to the log at
/// the matching level instead, and the notification counts as delivered: retrying would not bring a journal.
public struct JournalNotifier: Notifier {
    public var name: String { "journald" }
    private let logger: Logger
    private let journal: any JournalSink

    public init(logger: Logger, journal: any JournalSink = SystemdJournal()) {
        self.logger = logger
        self.journal = journal
    }

    public func send(_ notification: AlertNotification, idempotencyKey: String) async -> DeliveryOutcome {
        let fields = Self.fields(notification)
        if journal.send(fields) < 0 {
            let message = fields.first { $0.0 == "MESSAGE" }?.1 ?? ""
            var metadata: Logger.Metadata = [:]
            for (key, value) in fields where key != "MESSAGE" { metadata[key] = "\(value)" }
            logger.log(level: Self.level(priority: Self.priority(notification)), "\(message)", metadata: metadata)
        }
        return .delivered
    }

    /// The entry's fields, `MESSAGE` first.
    public static func fields(_ notification: AlertNotification) -> [(String, String)] {
        [
            ("MESSAGE", message(notification)),
            ("PRIORITY", String(priority(notification))),
            ("SYSLOG_IDENTIFIER", "pairwatch"),
            ("PAIRWATCH_ALERT", notification.alertName),
            ("PAIRWATCH_PAIR", notification.labels["pair"] ?? ""),
            ("PAIRWATCH_TIMEFRAME", notification.labels["timeframe"] ?? ""),
            ("PAIRWATCH_VALUE", AlertTemplate.format(notification.value)),
            ("PAIRWATCH_THRESHOLD", AlertTemplate.format(notification.threshold)),
            ("PAIRWATCH_STATE", notification.status.rawValue),
        ]
    }

    /// `alert SpreadZscoreHigh firing for BTCUSDT/ETHUSDT 1m: value 2.41733, threshold 2`, numbers written as in the
    /// annotations (six significant digits, `n/a` for a value that could not be computed).
    public static func message(_ notification: AlertNotification) -> String {
        let pair = notification.labels["pair"] ?? "?"
        let timeframe = notification.labels["timeframe"] ?? "?"
        return "alert \(notification.alertName) \(notification.status.rawValue) for \(pair) \(timeframe): "
            + "value \(AlertTemplate.format(notification.value)), threshold \(AlertTemplate.format(notification.threshold))"
    }

    /// syslog priorities: critical 2 (crit), warning 4 (warning), info 6 (info); any resolution 5 (notice).
    static func priority(_ notification: AlertNotification) -> Int {
        if notification.status == .resolved { return 5 }
        switch notification.labels["severity"] {
        case "critical": return 2
        case "info": return 6
        default: return 4
        }
    }

    static func level(priority: Int) -> Logger.Level {
        switch priority {
        case ...2: .critical
        case 3: .error
        case 4: .warning
        case 5: .notice
        default: .info
        }
    }
}
