// SPDX-License-Identifier: Apache-2.0
import Foundation

/// The placeholders an annotation may use: `{{pair}}`, `{{timeframe}}`, `{{value}}`, `{{threshold}}`,
/// `{{alertname}}`, `{{severity}}`. The configuration refuses any other.
enum AlertTemplate {
    static func render(_ template: String, labels: [String: String], value: Double?, threshold: Double) -> String {
        guard template.contains("{{") else { return template }
        var text = template
        let fields = [
            "pair": labels["pair"] ?? "", "timeframe": labels["timeframe"] ?? "", "alertname": labels["alertname"] ?? "",
            "severity": labels["severity"] ?? "", "value": format(value), "threshold": format(threshold),
        ]
        for (name, replacement) in fields {
            text = text.replacingOccurrences(of: "{{\(name)}}", with: replacement)
        }
        return text
    }

    /// Six significant digits, as a person reads a z-score or a p-value; "n/a" when the value could not be computed.
    static func format(_ value: Double?) -> String {
        guard let value else { return "n/a" }
        return String(format: "%.6g", value)
    }
}
