// SPDX-License-Identifier: Apache-2.0
import Yams

/// Reads typed values out of a composed YAML tree, recording a located diagnostic for every value of the wrong
/// shape instead of stopping at the first, and remembering where each key was written for later checks.
struct NodeReader {
    let file: String
    private(set) var diagnostics: [ConfigDiagnostic] = []
    /// Position of every key read, by its path, so semantic checks can point at the key they are about.
    private(set) var marks: [String: Mark] = [:]
    /// The key path of each pair read, `pairs[<index in the file>]`; empty while the file has no `pairs`.
    var pairPaths: [String] = []
    /// The key path of each element kept from a list other than `pairs`, by the list's path, as `pairPaths`.
    var elementPaths: [String: [String]] = [:]

    init(file: String) {
        self.file = file
    }

    mutating func report(_ path: String, _ message: String, at mark: Mark?) {
        diagnostics.append(ConfigDiagnostic(file: file, line: mark?.line, column: mark?.column, path: path, message: message))
    }

    mutating func remember(_ path: String, at mark: Mark?) {
        marks[path] = mark
    }

    /// Reports at the key's own position, or at the nearest enclosing key written in the file.
    mutating func report(_ path: String, _ message: String) {
        report(path, message, at: mark(of: path))
    }

    func mark(of path: String) -> Mark? {
        var current = Substring(path)
        while !current.isEmpty {
            if let mark = marks[String(current)] { return mark }
            guard let cut = current.lastIndex(where: { $0 == "." || $0 == "[" }) else { break }
            current = current[..<cut]
        }
        return nil
    }

    /// The entries of a mapping by key; unknown and repeated keys are reported (with a suggestion when one is near).
    mutating func fields(_ node: Node, path: String, known: [String]) -> [String: Node]? {
        guard let mapping = node.mapping else {
            report(path, "expected a mapping, found \(describe(node))", at: node.mark)
            return nil
        }
        var result: [String: Node] = [:]
        for (keyNode, value) in entries(of: mapping, path: path) {
            let key = keyNode.scalar?.string ?? ""
            let childPath = path.isEmpty ? key : "\(path).\(key)"
            if !known.contains(key) {
                let hint = suggestion(for: key, among: known).map { " (did you mean \"\($0)\"?)" } ?? ""
                report(childPath, "unknown key\(hint)", at: keyNode.mark)
            } else if result[key] != nil {
                report(childPath, "duplicate key", at: keyNode.mark)
            } else {
                result[key] = value
                marks[childPath] = keyNode.mark
            }
        }
        return result
    }

    /// The entries of a mapping with YAML merge keys (`<<: *defaults`) resolved: keys written in the mapping win
    /// over merged ones, and an earlier merged mapping over a later one (yaml.org/type/merge.html).
    private mutating func entries(of mapping: Node.Mapping, path: String) -> [(Node, Node)] {
        func isMergeKey(_ key: Node) -> Bool { key.scalar?.string == "<<" && key.scalar?.style == .plain }
        var own = mapping.filter { !isMergeKey($0.key) }.map { ($0.key, $0.value) }
        var seen = Set(own.compactMap { $0.0.scalar?.string })
        for (key, value) in mapping where isMergeKey(key) {
            let sources = value.sequence.map(Array.init) ?? [value]
            for source in sources {
                guard let merged = source.mapping else {
                    let mergePath = path.isEmpty ? "<<" : "\(path).<<"
                    report(mergePath, "expected a mapping or a list of mappings to merge, found \(describe(source))", at: source.mark)
                    continue
                }
                for entry in merged where seen.insert(entry.key.scalar?.string ?? "").inserted { own.append((entry.key, entry.value)) }
            }
        }
        return own
    }

    /// A mapping of free-form keys to strings, such as labels; each key's position is remembered under
    /// `path.key`, and entries that are not strings are reported and left out.
    mutating func stringMap(_ node: Node, path: String) -> [String: String]? {
        guard let mapping = node.mapping else {
            report(path, "expected a mapping, found \(describe(node))", at: node.mark)
            return nil
        }
        var result: [String: String] = [:]
        var seen = Set<String>()
        for (keyNode, value) in entries(of: mapping, path: path) {
            let key = keyNode.scalar?.string ?? ""
            let childPath = "\(path).\(key)"
            guard seen.insert(key).inserted else {
                report(childPath, "duplicate key", at: keyNode.mark)
                continue
            }
            marks[childPath] = keyNode.mark
            if let text = string(value, path: childPath) { result[key] = text }
        }
        return result
    }

    /// The path of the element kept at `index` of the list at `list`, by its index in the file.
    func elementPath(_ list: String, _ index: Int) -> String {
        let paths = elementPaths[list] ?? []
        return index < paths.count ? paths[index] : "\(list)[\(index)]"
    }

    mutating func sequence(_ node: Node, path: String) -> [Node]? {
        guard let sequence = node.sequence else {
            report(path, "expected a list, found \(describe(node))", at: node.mark)
            return nil
        }
        for (index, element) in sequence.enumerated() { marks["\(path)[\(index)]"] = element.mark }
        return Array(sequence)
    }

    mutating func string(_ node: Node, path: String) -> String? {
        guard let scalar = node.scalar, !isNull(node) else {
            report(path, "expected a string, found \(describe(node))", at: node.mark)
            return nil
        }
        return scalar.string
    }

    mutating func int(_ node: Node, path: String) -> Int? {
        typed(node, path: path, expected: "an integer") { Int($0) }
    }

    mutating func double(_ node: Node, path: String) -> Double? {
        typed(node, path: path, expected: "a number") { text in Double(text).flatMap { $0.isFinite ? $0 : nil } }
    }

    /// YAML 1.2's booleans: `true` and `false`, also capitalised or in capitals.
    mutating func bool(_ node: Node, path: String) -> Bool? {
        typed(node, path: path, expected: "true or false") { text in
            switch text {
            case "true", "True", "TRUE": true
            case "false", "False", "FALSE": false
            default: nil
            }
        }
    }

    mutating func duration(_ node: Node, path: String) -> ConfigDuration? {
        typed(node, path: path, expected: "a duration such as 500ms, 30s, 5m, 1h or 7d") { ConfigDuration($0) }
    }

    mutating func oneOf<T: RawRepresentable & CaseIterable>(_ node: Node, path: String, as: T.Type) -> T? where T.RawValue == String {
        let names = T.allCases.map { "\"\($0.rawValue)\"" }.joined(separator: ", ")
        return typed(node, path: path, expected: "one of \(names)") { T(rawValue: $0) }
    }

    private mutating func typed<T>(_ node: Node, path: String, expected: String, _ convert: (String) -> T?) -> T? {
        guard let scalar = node.scalar, !isNull(node), let value = convert(scalar.string) else {
            report(path, "expected \(expected), found \(describe(node))", at: node.mark)
            return nil
        }
        return value
    }

    func isNull(_ node: Node) -> Bool {
        guard let scalar = node.scalar, scalar.style == .plain else { return false }
        return ["", "~", "null", "Null", "NULL"].contains(scalar.string)
    }

    func describe(_ node: Node) -> String {
        switch node {
        case .mapping: return "a mapping"
        case .sequence: return "a list"
        case .scalar, .alias:
            if isNull(node) { return "nothing" }
            return "\"\(node.scalar?.string ?? "")\""
        }
    }
}
