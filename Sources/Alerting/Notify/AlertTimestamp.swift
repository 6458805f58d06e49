// SPDX-License-Identifier: Apache-2.0

/// The timestamps of Alertmanager's JSON: RFC 3339 in UTC with milliseconds (`2026-11-29T10:33:22.123Z`), and Go's
/// zero time, which Alertmanager's webhook sends as the end of an alert that is still firing. The JSON API writes its
/// times with it too.
public enum AlertTimestamp {
    /// Go's `time.Time{}` as `encoding/json` writes it.
    static let zero = "0001-01-01T00:00:00Z"

    /// `milliseconds` since the epoch as RFC 3339 UTC with three fractional digits.
    public static func rfc3339(milliseconds: Int64) -> String {
        let seconds = floorDivide(milliseconds, 1_000)
        let fraction = milliseconds - seconds * 1_000
        let days = floorDivide(seconds, 86_400)
        let timeOfDay = seconds - days * 86_400
        let (year, month, day) = civilDate(daysSinceEpoch: days)
        return "\(pad(year, 4))-\(pad(month, 2))-\(pad(day, 2))T\(pad(timeOfDay / 3_600, 2)):\(pad(timeOfDay % 3_600 / 60, 2))"
            + ":\(pad(timeOfDay % 60, 2)).\(pad(fraction, 3))Z"
    }

    /// Howard Hinnant's `civil_from_days`: the proleptic Gregorian date `days` after 1970-01-01.
    static func civilDate(daysSinceEpoch days: Int64) -> (year: Int64, month: Int64, day: Int64) {
        let shifted = days + 719_468
        let era = (shifted >= 0 ? shifted : shifted - 146_096) / 146_097
        let dayOfEra = shifted - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1_460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthIndex = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * monthIndex + 2) / 5 + 1
        let month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }

    /// Hinnant's `days_from_civil`, the inverse of `civilDate`.
    static func daysSinceEpoch(year: Int64, month: Int64, day: Int64) -> Int64 {
        let shiftedYear = month <= 2 ? year - 1 : year
        let era = (shiftedYear >= 0 ? shiftedYear : shiftedYear - 399) / 400
        let yearOfEra = shiftedYear - era * 400
        let dayOfYear = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    private static func floorDivide(_ value: Int64, _ divisor: Int64) -> Int64 {
        let quotient = value / divisor
        return value % divisor < 0 ? quotient - 1 : quotient
    }

    private static func pad(_ value: Int64, _ width: Int) -> String {
        let digits = String(value)
        return digits.count >= width ? digits : String(repeating: "0", count: width - digits.count) + digits
    }
}
