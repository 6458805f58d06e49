// SPDX-License-Identifier: Apache-2.0
import Foundation

/// Pulls metric names out of PromQL expressions and rule files, enough to catch a misspelt metric: not a parser,
/// but every name in a selector position is found and function names, keywords, labels and variables are not.
enum PromQLNames {
    private static let keywords: Set<String> = [
        "and", "or", "unless", "by", "without", "on", "ignoring", "group_left", "group_right", "bool", "offset", "inf", "nan",
    ]

    /// Removals applied in order: strings first (they may hold braces), then label matchers, ranges and grouping lists.
    private static let removals: [NSRegularExpression] = [
        #""(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'|`[^`]*`"#,
        #"\{[^}]*\}"#,
        #"\[[^\]]*\]"#,
        #"\b(?:by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)"#,
    ].compactMap { try? NSRegularExpression(pattern: $0) }

    /// An identifier not glued to a number, a variable's `$` or another identifier.
    private static let identifier = try? NSRegularExpression(pattern: #"(?<![A-Za-z0-9_:.$])[A-Za-z_:][A-Za-z0-9_:]*"#)

    /// The metric names an expression selects.
    static func metricNames(in expression: String) -> Set<String> {
        var text = expression
        for pattern in removals {
            text = pattern.stringByReplacingMatches(in: text, range: NSRange(text.startIndex..., in: text), withTemplate: " ")
        }
        guard let identifier else { return [] }
        var names = Set<String>()
        for match in identifier.matches(in: text, range: NSRange(text.startIndex..., in: text)) {
            guard let range = Range(match.range, in: text) else { continue }
            let name = String(text[range])
            let next = text[range.upperBound...].first { !$0.isWhitespace }
            if next == "(" || keywords.contains(name.lowercased()) { continue }
            names.insert(name)
        }
        return names
    }

    /// The `expr:` of every rule in a rules file, plain or as a folded (`>-`) or literal (`|`) block.
    static func ruleExpressions(inRules text: String) -> [String] {
        let lines = text.components(separatedBy: "\n")
        var expressions: [String] = []
        var index = 0
        while index < lines.count {
            defer { index += 1 }
            guard let (indent, value) = keyValue("expr", in: lines[index]) else { continue }
            guard value.hasPrefix(">") || value.hasPrefix("|") else {
                expressions.append(unquoted(value))
                continue
            }
            var block: [String] = []
            while index + 1 < lines.count, lines[index + 1].trimmingCharacters(in: .whitespaces).isEmpty
                || leadingSpaces(lines[index + 1]) > indent
            {
                index += 1
                block.append(lines[index].trimmingCharacters(in: .whitespaces))
            }
            expressions.append(block.joined(separator: " "))
        }
        return expressions
    }

    /// The values of `key:` in a YAML file (`record`, `alert`, `alertname`), in order.
    static func values(of key: String, in text: String) -> [String] {
        text.components(separatedBy: "\n").compactMap { keyValue(key, in: $0).map { unquoted($0.value) } }
    }

    /// `key: value` on one line (also as a list item `- key: value`), with the column of the key.
    static func keyValue(_ key: String, in line: String) -> (indent: Int, value: String)? {
        var body = Substring(line)
        body = body.drop { $0 == " " }
        if body.hasPrefix("- ") { body = body.dropFirst(2).drop { $0 == " " } }
        guard body.hasPrefix("\(key):") else { return nil }
        let indent = line.count - body.count
        return (indent, body.dropFirst(key.count + 1).trimmingCharacters(in: .whitespaces))
    }

    private static func leadingSpaces(_ line: String) -> Int { line.prefix { $0 == " " }.count }

    private static func unquoted(_ value: String) -> String {
        for quote in ["\"", "'"] where value.count >= 2 && value.hasPrefix(quote) && value.hasSuffix(quote) {
            return String(value.dropFirst().dropLast())
        }
        return value
    }
}
