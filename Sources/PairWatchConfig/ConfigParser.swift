// SPDX-License-Identifier: Apache-2.0
import Foundation
import MarketData
import Yams

extension PairWatchConfiguration {
    /// The configuration in the file at `path`, or the built-in defaults when `path` is nil.
    public static func load(path: String?) throws(ConfigError) -> PairWatchConfiguration {
        guard let path else { return PairWatchConfiguration() }
        let text: String
        do throws(FileAccessError) {
            text = try FileAccess.readText(path)
        } catch {
            throw ConfigError(diagnostics: [ConfigDiagnostic(file: path, line: nil, column: nil, path: "", message: error.reason)])
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
        let checkProblems = reader.diagnostics.dropFirst(readProblems.count).filter { !isMasked($0.path, by: readProblems) }
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

    /// A check is left out when a value it reads could not be read: that value kept its default, so the check
    /// would judge something the file does not say. Checks on unrelated keys still run, so all problems show.
    static func isMasked(_ checkPath: String, by readProblems: [ConfigDiagnostic]) -> Bool {
        let inputs = checkInputs(of: checkPath)
        return readProblems.contains { problem in inputs.contains { related($0, problem.path) } }
    }

    /// The keys a check at `path` reads: its own, and for the checks that compare keys, the others.
    static func checkInputs(of path: String) -> [String] {
        if path.hasPrefix("alerting.") { return alertingCheckInputs(of: path) }
        if path.hasPrefix("pairs["), let close = path.firstIndex(of: "]") {
            // Only the keys a pair check reads: an unknown or unreadable other key of the same pair (`methd: ols`)
            // must not hide it. zscore_window is compared with window, b with a, the pair's timeframes with
            // timeframes and its symbols with feed.symbols; the pair itself (configured twice) is its symbols.
            let pair = String(path[...close])
            switch path[path.index(after: close)...] {
            case "": return [pair + ".a", pair + ".b"]
            case ".a": return [path, "feed.symbols"]
            case ".b": return [pair + ".a", path, "feed.symbols"]
            case ".zscore_window": return [path, pair + ".window"]
            case let key where key.hasPrefix(".timeframes"): return [pair + ".timeframes", "timeframes"]
            default: return [path]
            }
        }
        switch path {
        case "pairs": return ["pairs", "feed.symbols"]
        case "feed.replay.file": return ["feed.replay.file", "feed.source"]
        case "web.read_header_timeout": return [path, "web.read_timeout"]
        case "storage.bar_retention_overrides": return [path, "timeframes"]
        default: return path.hasPrefix("storage.bar_retention_overrides.") ? [path, "timeframes"] : [path]
        }
    }

    /// One key path is the other or lies inside it: `pairs[1]` and `pairs[1].window`, but not `pairs[10]`.
    static func related(_ lhs: String, _ rhs: String) -> Bool {
        func contains(_ outer: String, _ inner: String) -> Bool {
            outer.isEmpty || inner == outer || inner.hasPrefix(outer + ".") || inner.hasPrefix(outer + "[")
        }
        return contains(lhs, rhs) || contains(rhs, lhs)
    }

    static func syntaxDiagnostic(_ error: YamlError, file: String) -> ConfigDiagnostic {
        switch error {
        case let .scanner(_, problem, mark, _), let .parser(_, problem, mark, _), let .composer(_, problem, mark, _):
            return ConfigDiagnostic(file: file, line: mark.line, column: mark.column, path: "", message: "invalid YAML: \(problem)")
        case let .duplicatedKeysInMapping(duplicates, context):
            // Yams points at the mapping, not at the repeated key, and stops before any key path is known.
            let keys = duplicates.map { "\"\($0)\"" }.joined(separator: ", ")
            let message = "duplicate key \(keys) in the mapping that starts here"
            return ConfigDiagnostic(file: file, line: context.mark.line, column: context.mark.column, path: "", message: message)
        default:
            return ConfigDiagnostic(file: file, line: nil, column: nil, path: "", message: "invalid YAML: \(error)")
        }
    }

    private mutating func read(_ root: Node, _ reader: inout NodeReader) {
        let known = ["storage", "feed", "timeframes", "resampler", "pairs", "alerting", "web"]
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
            pairs = []
            for (index, element) in list.enumerated() {
                guard let pair = PairConfig(reading: element, path: "pairs[\(index)]", &reader) else { continue }
                pairs.append(pair)
                // A pair that cannot be read is left out; later checks still name the others by their file index.
                reader.pairPaths.append("pairs[\(index)]")
            }
        }
        if let node = fields["alerting"] { alerting.read(node, &reader) }
        if let node = fields["web"] { web.read(node, &reader) }
    }
}

extension NodeReader {
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
