// SPDX-License-Identifier: Apache-2.0
import Foundation
import MarketData
import Yams

extension PairWatchConfiguration {
    /// The configuration in the file at `path`, or the built-in defaults when `path` is nil.
    public static func load(path: String?) throws(ConfigError) -> PairWatchConfiguration {
        guard let path else { return PairWatchConfiguration() }
        let text: String
        do {
            text = try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            let reason = FileManager.default.fileExists(atPath: path) ? "cannot read the file as UTF-8 text" : "no such file"
            throw ConfigError(diagnostics: [ConfigDiagnostic(file: path, line: nil, column: nil, path: "", message: reason)])
        }
        return try parse(yaml: text, fileName: path)
    }

    /// Parses and validates YAML text; `fileName` only names the file in diagnostics.
    public static func parse(yaml: String, fileName: String) throws(ConfigError) -> PairWatchConfiguration {
        var reader = NodeReader(file: fileName)
        var configuration = PairWatchConfiguration()
        let root: Node?
        do {
            root = try Yams.compose(yaml: yaml)
        } catch let error as YamlError {
            throw ConfigError(diagnostics: [syntaxDiagnostic(error, file: fileName)])
        } catch {
            throw ConfigError(diagnostics: [ConfigDiagnostic(file: fileName, line: nil, column: nil, path: "", message: "\(error)")])
        }
        if let root { configuration.read(root, &reader) }
        let readProblems = reader.diagnostics
        configuration.validate(&reader)
        // A value that could not be read keeps its default, so checks on its section would only add noise.
        let checkProblems = reader.diagnostics.dropFirst(readProblems.count).filter { problem in
            !readProblems.contains { $0.path.hasPrefix(section(of: problem.path)) || problem.path.hasPrefix(section(of: $0.path)) }
        }
        let problems = readProblems + checkProblems
        guard problems.isEmpty else {
            // In file order, as a compiler lists them; problems without a position come last.
            let ordered = problems.enumerated().sorted { lhs, rhs in
                let left = (lhs.element.line ?? .max, lhs.element.column ?? .max, lhs.offset)
                let right = (rhs.element.line ?? .max, rhs.element.column ?? .max, rhs.offset)
                return left < right
            }
            throw ConfigError(diagnostics: ordered.map(\.element))
        }
        return configuration
    }

    private static func section(of path: String) -> Substring {
        path.lastIndex(of: ".").map { path[..<$0] } ?? Substring(path)
    }

    private static func syntaxDiagnostic(_ error: YamlError, file: String) -> ConfigDiagnostic {
        switch error {
        case let .scanner(_, problem, mark, _), let .parser(_, problem, mark, _), let .composer(_, problem, mark, _):
            return ConfigDiagnostic(file: file, line: mark.line, column: mark.column, path: "", message: "invalid YAML: \(problem)")
        default:
            return ConfigDiagnostic(file: file, line: nil, column: nil, path: "", message: "invalid YAML: \(error)")
        }
    }

    private mutating func read(_ root: Node, _ reader: inout NodeReader) {
        let known = ["storage", "feed", "timeframes", "resampler", "pairs", "alerting"]
        guard let fields = reader.fields(root, path: "", known: known) else { return }
        if let node = fields["storage"] { storage.read(node, &reader) }
        if let node = fields["feed"] { feed.read(node, &reader) }
        if let node = fields["timeframes"], let list = reader.timeframes(node, path: "timeframes") { timeframes = list }
        if let node = fields["resampler"], let entries = reader.fields(node, path: "resampler", known: ["allowed_lateness"]) {
            if let value = entries["allowed_lateness"].flatMap({ reader.duration($0, path: "resampler.allowed_lateness") }) {
                resampler.allowedLateness = value
            }
        }
        if let node = fields["pairs"], let list = reader.sequence(node, path: "pairs") {
            pairs = list.enumerated().compactMap { PairConfig(reading: $1, path: "pairs[\($0)]", &reader) }
        }
        if let node = fields["alerting"] { reader.emptySection(node, path: "alerting") }
    }
}

extension NodeReader {
    /// A section whose keys arrive in a later release: empty or absent is fine, any key is reported.
    mutating func emptySection(_ node: Node, path: String) {
        guard !isNull(node) else { return }
        guard let mapping = node.mapping else {
            report(path, "expected a mapping, found \(describe(node))", at: node.mark)
            return
        }
        for (key, _) in mapping {
            report("\(path).\(key.scalar?.string ?? "")", "unknown key (\(path) has no settings in this release)", at: key.mark)
        }
    }

    mutating func timeframes(_ node: Node, path: String) -> [Timeframe]? {
        guard let list = sequence(node, path: path) else { return nil }
        let parsed = list.enumerated().map { index, element -> Timeframe? in
            guard let text = string(element, path: "\(path)[\(index)]") else { return nil }
            guard let timeframe = Timeframe(text), timeframe.milliseconds % 1_000 == 0 else {
                report("\(path)[\(index)]", "expected a timeframe such as 1s, 1m, 5m, 1h or 1d, found \"\(text)\"", at: element.mark)
                return nil
            }
            return timeframe
        }
        let valid = parsed.compactMap { $0 }
        return valid.count == parsed.count ? valid : nil
    }

    mutating func symbols(_ node: Node, path: String) -> [String]? {
        guard let list = sequence(node, path: path) else { return nil }
        let parsed = list.enumerated().map { string($1, path: "\(path)[\($0)]") }
        let valid = parsed.compactMap { $0 }
        return valid.count == parsed.count ? valid : nil
    }
}
