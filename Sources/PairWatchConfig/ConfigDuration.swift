// SPDX-License-Identifier: Apache-2.0

/// A duration as the configuration writes it: a whole number and a unit, `500ms`, `30s`, `5m`, `1h` or `7d`.
public struct ConfigDuration: Sendable, Hashable, Comparable, CustomStringConvertible {
    public let milliseconds: Int64

    public init(milliseconds: Int64) {
        self.milliseconds = milliseconds
    }

    public static let zero = ConfigDuration(milliseconds: 0)

    public static func seconds(_ value: Int64) -> ConfigDuration { ConfigDuration(milliseconds: value * 1_000) }
    public static func minutes(_ value: Int64) -> ConfigDuration { ConfigDuration(milliseconds: value * 60_000) }
    public static func hours(_ value: Int64) -> ConfigDuration { ConfigDuration(milliseconds: value * 3_600_000) }
    public static func days(_ value: Int64) -> ConfigDuration { ConfigDuration(milliseconds: value * 86_400_000) }

    static let units: [(suffix: String, milliseconds: Int64)] = [("ms", 1), ("s", 1_000), ("m", 60_000), ("h", 3_600_000), ("d", 86_400_000)]

    /// nil unless the text is digits followed by one of the units.
    public init?(_ text: String) {
        // "ms" is tried before "s" and "m" so that "500ms" is not read as 500m + "s".
        for unit in Self.units.sorted(by: { $0.suffix.count > $1.suffix.count }) where text.hasSuffix(unit.suffix) {
            let digits = text.dropLast(unit.suffix.count)
            guard !digits.isEmpty, digits.allSatisfy(\.isASCII), digits.allSatisfy(\.isNumber), let count = Int64(digits) else { return nil }
            let (value, overflow) = count.multipliedReportingOverflow(by: unit.milliseconds)
            guard !overflow else { return nil }
            self.init(milliseconds: value)
            return
        }
        return nil
    }

    public var duration: Duration { .milliseconds(milliseconds) }

    /// The largest unit that divides the value exactly: `90000` ms prints as `90s`, `7 × 86400000` as `7d`.
    public var description: String {
        guard milliseconds != 0 else { return "0s" }
        let unit = Self.units.reversed().first { milliseconds % $0.milliseconds == 0 } ?? ("ms", 1)
        return "\(milliseconds / unit.milliseconds)\(unit.suffix)"
    }

    public static func < (lhs: ConfigDuration, rhs: ConfigDuration) -> Bool {
        lhs.milliseconds < rhs.milliseconds
    }
}
