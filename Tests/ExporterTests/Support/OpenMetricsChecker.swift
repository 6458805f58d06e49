// SPDX-License-Identifier: Apache-2.0

/// A strict reader of OpenMetrics 1.0 text that lists every rule a body breaks, for the exposition tests
/// (promtool only reads the Prometheus text format).
///
/// Rules from https://github.com/prometheus/OpenMetrics/blob/v1.0.0/specification/OpenMetrics.md ("Text format"
/// ABNF and "Metric types"): `# EOF` once, last; no blank lines nor other comments; a family's HELP and TYPE
/// once each and before its samples; families never interleave; a counter's family name has no `_total` and
/// its samples end `_total` or `_created`; histogram samples are `_bucket` (with `le`), `_sum`, `_count` or
/// `_created`; label names `[a-zA-Z_][a-zA-Z0-9_]*`, values escaping only `\\`, `\"`, `\n`; OpenMetrics numbers.
struct OpenMetricsChecker {
    private static var metricName: Regex<Substring> { /[a-zA-Z_:][a-zA-Z0-9_:]*/ }
    private static var labelName: Regex<Substring> { /[a-zA-Z_][a-zA-Z0-9_]*/ }
    private static var number: Regex<Substring> { /[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?|[+-]?(?i:inf|infinity)|(?i:nan)/ }
    private static let suffixes: [String: [String]] = [
        "counter": ["_total", "_created"], "gauge": [""], "histogram": ["_bucket", "_sum", "_count", "_created"], "unknown": [""],
    ]

    private var errors: [String] = []
    private var seenFamilies: Set<String> = []
    private var family: (name: String, type: String?, help: Bool, samples: Bool)?

    static func check(_ text: String) -> [String] {
        var checker = OpenMetricsChecker()
        checker.run(text)
        return checker.errors
    }

    private mutating func run(_ text: String) {
        guard text.hasSuffix("# EOF\n") || text.hasSuffix("# EOF") else { return fail(0, "the body does not end with # EOF") }
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).dropLast(text.hasSuffix("\n") ? 1 : 0)
        for (index, line) in lines.enumerated() {
            let number = index + 1
            if line == "# EOF" {
                if number != lines.count { fail(number, "# EOF before the end") }
            } else if line.isEmpty {
                fail(number, "blank line")
            } else if line.hasPrefix("#") {
                metadata(number, line)
            } else {
                sample(number, line)
            }
        }
    }

    private mutating func metadata(_ number: Int, _ line: Substring) {
        let parts = line.split(separator: " ", maxSplits: 3, omittingEmptySubsequences: false)
        guard parts.count >= 3, parts[0] == "#", ["HELP", "TYPE", "UNIT"].contains(parts[1]) else {
            return fail(number, "unknown comment \"\(line)\"")
        }
        let name = String(parts[2])
        let value = parts.count == 4 ? parts[3] : ""
        if family?.name != name {
            if seenFamilies.contains(name) { fail(number, "family \(name) appears twice or interleaves") }
            seenFamilies.insert(name)
            family = (name, nil, false, false)
        }
        if family?.samples == true { fail(number, "\(parts[1]) of \(name) after its samples") }
        switch parts[1] {
        case "TYPE":
            if family?.type != nil { fail(number, "second TYPE for \(name)") }
            guard Self.suffixes[String(value)] != nil || ["gaugehistogram", "stateset", "info", "summary"].contains(value) else {
                return fail(number, "unknown type \(value)")
            }
            if value == "counter", name.hasSuffix("_total") { fail(number, "counter family \(name) ends with _total") }
            family?.type = String(value)
        case "HELP":
            if family?.help == true { fail(number, "second HELP for \(name)") }
            family?.help = true
            if let problem = Self.escapeProblem(value) { fail(number, "HELP of \(name): \(problem)") }
        default:
            break
        }
    }

    private mutating func sample(_ number: Int, _ line: Substring) {
        guard let name = line.prefixMatch(of: Self.metricName)?.output else { return fail(number, "no metric name") }
        guard let current = family, let type = current.type else { return fail(number, "sample \(name) before any TYPE") }
        let allowed = Self.suffixes[type] ?? [""]
        guard let suffix = allowed.first(where: { name == current.name + $0 }) else {
            return fail(number, "sample \(name) does not belong to \(type) family \(current.name)")
        }
        family?.samples = true
        var rest = line[name.endIndex...]
        var labels: [String: String] = [:]
        if rest.hasPrefix("{") {
            guard let parsed = parseLabels(number, &rest) else { return }
            labels = parsed
        }
        guard rest.hasPrefix(" "), let value = rest.dropFirst().wholeMatch(of: Self.number) else {
            return fail(number, "value of \(name) is not an OpenMetrics number: \"\(rest.dropFirst())\"")
        }
        if suffix == "_bucket", labels["le"].flatMap({ $0.wholeMatch(of: Self.number) }) == nil { fail(number, "bucket without a numeric le") }
        if type == "counter", suffix == "_total", let total = Double(value.output), total < 0 { fail(number, "negative counter \(name)") }
    }

    /// Reads `{name="value",...}` off the front of `rest`.
    private mutating func parseLabels(_ number: Int, _ rest: inout Substring) -> [String: String]? {
        rest = rest.dropFirst()
        var labels: [String: String] = [:]
        while !rest.hasPrefix("}") {
            if !labels.isEmpty {
                guard rest.hasPrefix(",") else { fail(number, "labels not separated by a comma"); return nil }
                rest = rest.dropFirst()
            }
            guard let name = rest.prefixMatch(of: Self.labelName)?.output, rest[name.endIndex...].hasPrefix("=\"") else {
                fail(number, "malformed label at \"\(rest)\""); return nil
            }
            rest = rest[name.endIndex...].dropFirst(2)
            guard let close = Self.closingQuote(rest) else { fail(number, "unterminated label value"); return nil }
            let value = rest[..<close]
            if let problem = Self.escapeProblem(value) { fail(number, "label \(name): \(problem)") }
            if labels.updateValue(String(value), forKey: String(name)) != nil { fail(number, "label \(name) twice") }
            rest = rest[rest.index(after: close)...]
        }
        rest = rest.dropFirst()
        return labels
    }

    private static func closingQuote(_ text: Substring) -> Substring.Index? {
        var index = text.startIndex
        while index < text.endIndex {
            if text[index] == "\\" { index = text.index(index, offsetBy: 2, limitedBy: text.endIndex) ?? text.endIndex; continue }
            if text[index] == "\"" { return index }
            index = text.index(after: index)
        }
        return nil
    }

    /// Only `\\`, `\"` and `\n` escapes; no raw `"` (the escaped-string rule) nor line feed.
    private static func escapeProblem(_ text: Substring) -> String? {
        var escaped = false
        for character in text {
            if escaped {
                guard "\\\"n".contains(character) else { return "bad escape \\\(character)" }
                escaped = false
            } else if character == "\\" {
                escaped = true
            } else if character == "\"" {
                return "unescaped double quote"
            }
        }
        return escaped ? "dangling backslash" : nil
    }

    private mutating func fail(_ line: Int, _ message: String) {
        errors.append("line \(line): \(message)")
    }
}
