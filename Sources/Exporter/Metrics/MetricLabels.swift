// SPDX-License-Identifier: Apache-2.0

/// A label set rendered once, escaped and without braces (`pair="BTCUSDT/ETHUSDT",timeframe="1m"`), so a
/// scrape copies its bytes instead of escaping and joining strings per sample.
///
/// Label values escape `\`, `"` and line feed the same way in the text format 0.0.4 and OpenMetrics 1.0, so
/// one rendering serves both. A collector whose series are fixed (a pair × timeframe) builds its label sets
/// when the series is created and keeps them; one whose label values come and go builds them at the scrape.
public struct MetricLabels: Sendable, Hashable, CustomStringConvertible {
    public static let none = MetricLabels(rendered: "")

    /// The escaped `name="value",...` text.
    public let rendered: String

    private init(rendered: String) {
        self.rendered = rendered
    }

    /// Label names must match `[a-zA-Z_][a-zA-Z0-9_]*` and not start with `__`; they are code, not input.
    public init(_ labels: KeyValuePairs<String, String>) {
        var labelSet = MetricLabels.none
        for (name, value) in labels { labelSet = labelSet.appending(name, value) }
        self = labelSet
    }

    public var isEmpty: Bool { rendered.isEmpty }
    public var description: String { rendered }

    /// This set with one more label at the end.
    public func appending(_ name: String, _ value: String) -> MetricLabels {
        var text = rendered
        text.reserveCapacity(rendered.utf8.count + name.utf8.count + value.utf8.count + 4)
        if !text.isEmpty { text += "," }
        text += name
        text += "=\""
        text += Self.escape(value)
        text += "\""
        return MetricLabels(rendered: text)
    }

    static func escape(_ value: String) -> String {
        guard value.utf8.contains(where: { $0 == UInt8(ascii: "\\") || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\n") }) else {
            return value
        }
        var out = ""
        for character in value.unicodeScalars {
            switch character {
            case "\\": out += "\\\\"
            case "\"": out += "\\\""
            case "\n": out += "\\n"
            default: out.unicodeScalars.append(character)
            }
        }
        return out
    }
}
