// SPDX-License-Identifier: Apache-2.0
import Foundation
import TestSupport

/// The operations files shipped beside the package (`prometheus/`, `grafana/`), read from the checkout so the tests
/// check exactly what a user copies, and `promtool` run on them.
enum OperationsFiles {
    /// The package root: this file is `Tests/PairWatchTests/Support/OperationsFiles.swift`.
    static let root = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static func url(_ relativePath: String) -> URL { root.appendingPathComponent(relativePath) }

    static func text(_ relativePath: String) throws -> String {
        try String(contentsOf: url(relativePath), encoding: .utf8)
    }

    /// The dashboards in `grafana/dashboards/`, by file name, sorted.
    static func dashboardFiles() throws -> [String] {
        let folder = url("grafana/dashboards")
        return try FileManager.default.contentsOfDirectory(atPath: folder.path)
            .filter { $0.hasSuffix(".json") }
            .sorted()
    }

    static func dashboard(_ name: String) throws -> [String: Any] {
        let data = try Data(contentsOf: url("grafana/dashboards/\(name)"))
        guard let object = try JSONSerialization.jsonObject(with: data) as? [String: Any] else {
            throw OperationsFileError("grafana/dashboards/\(name): top level is not a JSON object")
        }
        return object
    }

    /// Every query of every panel (rows' panels included) of every dashboard, in file and panel order.
    static func panelQueries() throws -> [PanelQuery] {
        var queries: [PanelQuery] = []
        for file in try dashboardFiles() {
            let top = try dashboard(file)["panels"] as? [[String: Any]] ?? []
            for panel in top + top.flatMap({ $0["panels"] as? [[String: Any]] ?? [] }) {
                let title = panel["title"] as? String ?? "untitled"
                let expressions = (panel["targets"] as? [[String: Any]] ?? []).compactMap { $0["expr"] as? String }
                queries += expressions.map { PanelQuery(dashboard: file, panel: title, expression: $0) }
            }
        }
        return queries
    }

    /// Sample names of the golden scrape (`_bucket`, `_sum`, `_count` of histograms included).
    static func goldenMetricNames() throws -> Set<String> {
        let scrape = try String(contentsOf: root.appendingPathComponent("Tests/ExporterTests/Fixtures/metrics.prom"), encoding: .utf8)
        var names = Set<String>()
        for line in scrape.split(separator: "\n") where !line.hasPrefix("#") {
            if let name = line.split(whereSeparator: { $0 == "{" || $0 == " " }).first { names.insert(String(name)) }
        }
        return names
    }
}

/// One query of a dashboard panel, as written (with its template variables).
struct PanelQuery: Sendable, CustomStringConvertible {
    var dashboard: String
    var panel: String
    var expression: String

    var description: String { "\(dashboard) \"\(panel)\": \(expression)" }
}

/// Runs `promtool` (`PROMTOOL`, else `/usr/bin/promtool` or `/usr/local/bin/promtool`) in `directory` to completion.
func runPromtool(_ arguments: [String], in directory: URL = OperationsFiles.root) async throws -> ToolOutput {
    let environment = ProcessInfo.processInfo.environment
    let candidates = [environment["PROMTOOL"], "/usr/bin/promtool", "/usr/local/bin/promtool"].compactMap { $0 }
    guard let promtool = candidates.first(where: { FileManager.default.isExecutableFile(atPath: $0) }) else {
        throw OperationsFileError("promtool not found in \(candidates.joined(separator: ", ")) (apt-get install prometheus)")
    }
    return try await runToCompletion(promtool, arguments, in: directory)
}

/// A test's complaint about an operations file, naming the file.
struct OperationsFileError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
