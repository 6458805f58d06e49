// SPDX-License-Identifier: Apache-2.0

/// A receiver's `Retry-After` header (RFC 9110 section 10.2.3) as a delay: either delay-seconds (`120`) or an
/// HTTP-date in the preferred IMF-fixdate form (`Sun, 06 Nov 1994 08:49:37 GMT`), counted from `nowMs`.
///
/// A date already past gives zero; anything else unreadable (including the obsolete RFC 850 and asctime date
/// forms) gives nil, so the delivery falls back to its own backoff.
enum RetryAfter {
    static func delay(_ value: String, nowMs: Int64) -> Duration? {
        let text = value.trimmingSpaces
        if !text.isEmpty, text.utf8.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }) {
            // A digit string too long for Int64 is still a wait: the longest one expressible.
            return .seconds(Int64(text) ?? Int64.max)
        }
        guard let dateMs = httpDateMilliseconds(text) else { return nil }
        return .milliseconds(max(dateMs - nowMs, 0))
    }

    private static let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

    /// `Sun, 06 Nov 1994 08:49:37 GMT` as milliseconds since the epoch.
    static func httpDateMilliseconds(_ text: String) -> Int64? {
        let parts = text.split(separator: " ")
        guard parts.count == 6, parts[0].hasSuffix(","), parts[5] == "GMT", parts[1].count == 2, parts[3].count == 4,
            let day = Int64(parts[1]), let year = Int64(parts[3]),
            let monthIndex = months.firstIndex(of: String(parts[2]))
        else { return nil }
        let clock = parts[4].split(separator: ":", omittingEmptySubsequences: false)
        guard clock.count == 3, clock.allSatisfy({ $0.count == 2 }), let hour = Int64(clock[0]), let minute = Int64(clock[1]),
            let second = Int64(clock[2]), (1...31).contains(day), hour < 24, minute < 60, second < 61
        else { return nil }
        let days = AlertTimestamp.daysSinceEpoch(year: year, month: Int64(monthIndex + 1), day: day)
        return ((days * 24 + hour) * 60 + minute) * 60_000 + second * 1_000
    }
}

extension String {
    /// The text without leading and trailing spaces and tabs (HTTP's optional whitespace).
    var trimmingSpaces: String {
        let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\t" }
        return String(drop(while: isSpace).reversed().drop(while: isSpace).reversed())
    }
}
