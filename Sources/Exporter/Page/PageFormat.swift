// SPDX-License-Identifier: Apache-2.0
import Foundation

/// How the status page writes numbers and durations: short, in the units a person reads at a glance.
enum PageFormat {
    /// The text of a value that is not there; the reason goes in the cell's `title`.
    static let unavailable = "—"

    /// Four significant digits, as the hedge ratio needs whatever its scale (`19.87`, `0.05123`).
    static func significant(_ value: Double) -> String {
        String(format: "%.4g", value)
    }

    /// Signed, two decimals: `+1.23`, `-0.40`.
    static func zScore(_ value: Double) -> String {
        String(format: "%+.2f", value)
    }

    /// Three decimals, or `<0.001` below what three decimals can tell from zero.
    static func pValue(_ value: Double) -> String {
        value < 0.001 ? "<0.001" : String(format: "%.3f", value)
    }

    /// A count of bars with one decimal, the unit the half-life is computed in: `12.5 bars`.
    static func bars(_ value: Double) -> String {
        String(format: "%.1f bars", value)
    }

    /// A span in the largest unit that keeps it readable: `850 ms`, `12.5 s`, `4.2 min`, `3.1 h`, `2.0 d`.
    static func duration(seconds: Double) -> String {
        let magnitude = abs(seconds)
        if magnitude < 1 { return String(format: "%.0f ms", seconds * 1_000) }
        if magnitude < 60 { return String(format: magnitude < 10 ? "%.1f s" : "%.0f s", seconds) }
        if magnitude < 3_600 { return String(format: "%.1f min", seconds / 60) }
        if magnitude < 86_400 { return String(format: "%.1f h", seconds / 3_600) }
        return String(format: "%.1f d", seconds / 86_400)
    }

    /// Whole units, the two largest: `3 d 4 h`, `2 h 5 min`, `5 min 3 s`, `12 s`.
    static func uptime(seconds: Int64) -> String {
        let seconds = max(0, seconds)
        let (days, hours, minutes, rest) = (seconds / 86_400, seconds / 3_600 % 24, seconds / 60 % 60, seconds % 60)
        if days > 0 { return "\(days) d \(hours) h" }
        if hours > 0 { return "\(hours) h \(minutes) min" }
        if minutes > 0 { return "\(minutes) min \(rest) s" }
        return "\(rest) s"
    }

    /// An RFC 3339 time in UTC to the second, for the alerts table.
    static func time(ms: Int64) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        return formatter.string(from: Date(timeIntervalSince1970: Double(ms) / 1_000))
    }
}
