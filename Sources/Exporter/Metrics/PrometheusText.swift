// SPDX-License-Identifier: Apache-2.0

/// Renders metric families in the Prometheus text exposition format, version 0.0.4.
///
/// Reference: https://prometheus.io/docs/instrumenting/exposition_formats/ (escaping rules for HELP and label
/// values, `+Inf`/`-Inf`/`NaN` spelling).
public enum PrometheusText {
    public static let contentType = "text/plain; version=0.0.4; charset=utf-8"

    public static func render(_ families: [MetricFamily]) -> String {
        var out = ""
        out.reserveCapacity(families.count * 160)
        for family in families {
            out += "# HELP \(family.name) \(escapeHelp(family.help))\n"
            out += "# TYPE \(family.name) \(family.kind.rawValue)\n"
            for sample in family.samples {
                out += family.name
                out += sample.suffix
                if !sample.labels.isEmpty {
                    out += "{"
                    out += sample.labels.map { "\($0.name)=\"\(escapeLabelValue($0.value))\"" }.joined(separator: ",")
                    out += "}"
                }
                out += " "
                out += format(sample.value)
                out += "\n"
            }
        }
        return out
    }

    /// Integral values print without a fraction so counters read naturally; others use Swift's shortest
    /// round-tripping form, which Prometheus parses (it accepts Go's `ParseFloat` syntax).
    public static func format(_ value: Double) -> String {
        if value.isNaN { return "NaN" }
        if value.isInfinite { return value > 0 ? "+Inf" : "-Inf" }
        if value == value.rounded(), abs(value) < 1e15 { return String(Int64(value)) }
        return String(value)
    }

    static func escapeHelp(_ text: String) -> String {
        text.replacingAll(["\\": "\\\\", "\n": "\\n"])
    }

    static func escapeLabelValue(_ text: String) -> String {
        text.replacingAll(["\\": "\\\\", "\n": "\\n", "\"": "\\\""])
    }
}

extension String {
    fileprivate func replacingAll(_ table: [Character: String]) -> String {
        guard contains(where: { table[$0] != nil }) else { return self }
        var out = ""
        for character in self {
            if let replacement = table[character] { out += replacement } else { out.append(character) }
        }
        return out
    }
}
