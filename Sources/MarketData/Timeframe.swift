// SPDX-License-Identifier: Apache-2.0

/// A bar interval such as `1s`, `1m` or `5m`, aligned to UTC multiples of its length.
///
/// The `name` is kept as written in the configuration because storage and metric labels use it verbatim.
public struct Timeframe: Sendable, Hashable, Comparable, CustomStringConvertible {
    public let name: String
    public let milliseconds: Int64

    /// Parses `<count><unit>` with unit `s`, `m`, `h` or `d` (`1s`, `15m`, `4h`, `1d`); nil for anything else.
    public init?(_ text: String) {
        guard let unit = text.last, let count = Int64(text.dropLast()), count > 0 else { return nil }
        let unitMs: Int64
        switch unit {
        case "s": unitMs = 1_000
        case "m": unitMs = 60_000
        case "h": unitMs = 3_600_000
        case "d": unitMs = 86_400_000
        default: return nil
        }
        let (product, overflow) = count.multipliedReportingOverflow(by: unitMs)
        guard !overflow else { return nil }
        self.name = text
        self.milliseconds = product
    }

    public var seconds: Double { Double(milliseconds) / 1_000 }
    public var description: String { name }

    /// Start of the interval that contains `timeMs` (floor to a multiple of the length, also before 1970).
    public func start(containing timeMs: Int64) -> Int64 {
        let remainder = timeMs % milliseconds
        return remainder >= 0 ? timeMs - remainder : timeMs - remainder - milliseconds
    }

    public static func < (lhs: Timeframe, rhs: Timeframe) -> Bool {
        lhs.milliseconds < rhs.milliseconds
    }
}
