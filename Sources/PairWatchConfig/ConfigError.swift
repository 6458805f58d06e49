// SPDX-License-Identifier: Apache-2.0

/// One problem in a configuration file, located by file, line and column where the file has them.
public struct ConfigDiagnostic: Sendable, Equatable, CustomStringConvertible {
    public let file: String
    public let line: Int?
    public let column: Int?
    /// The key path in YAML spelling, `pairs[0].zscore_window`; empty for problems of the whole file.
    public let path: String
    public let message: String

    public var description: String {
        var location = file
        if let line, let column { location += ":\(line):\(column)" }
        return path.isEmpty ? "\(location): \(message)" : "\(location): \(path): \(message)"
    }
}

/// Every problem found in a configuration, reported together so that one edit can fix them all.
public struct ConfigError: Error, Sendable, Equatable, CustomStringConvertible {
    public let diagnostics: [ConfigDiagnostic]

    public var description: String {
        diagnostics.map(\.description).joined(separator: "\n")
    }
}

/// The closest known key to a misspelt one, when it is close enough to be what was meant.
///
/// Levenshtein distance (Levenshtein 1966), accepted up to a third of the key's length, at least 2 edits, and
/// only when some letters survive: replacing all of a short key (`<<` into `a`) is no suggestion.
func suggestion(for key: String, among known: [String]) -> String? {
    let limit = max(2, key.count / 3)
    let scored = known.map { ($0, editDistance(key, $0)) }.filter { $0.1 <= limit && $0.1 < min(key.count, $0.0.count) }
    return scored.min { $0.1 < $1.1 }?.0
}

func editDistance(_ a: String, _ b: String) -> Int {
    let a = Array(a)
    let b = Array(b)
    guard !a.isEmpty else { return b.count }
    guard !b.isEmpty else { return a.count }
    var previous = Array(0...b.count)
    for i in 1...a.count {
        var current = [i] + Array(repeating: 0, count: b.count)
        for j in 1...b.count {
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
        }
        previous = current
    }
    return previous[b.count]
}
