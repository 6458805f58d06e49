// SPDX-License-Identifier: Apache-2.0
import Foundation
import TestSupport
import Testing

/// Every query of every dashboard is valid PromQL: with the variables filled in as Grafana would, the queries go
/// through `promtool check rules` as recording rules, so a syntax error fails here rather than in a panel.
private func substituted(_ expression: String) -> String {
    var text = expression
    for builtIn in ["$__rate_interval", "$__interval", "$__range"] {
        text = text.replacingOccurrences(of: builtIn, with: "1m")
    }
    for name in variableNames(in: text) {
        text = text.replacingOccurrences(of: "${\(name)}", with: "x").replacingOccurrences(of: "$\(name)", with: "x")
    }
    return text
}

@Test func dashboardQueries_whenVariablesAreFilledIn_passPromtoolAsRecordingRules() async throws {
    var rules: [[String: String]] = []
    for query in try OperationsFiles.panelQueries() {
        rules.append(["record": "dashboard:query:\(rules.count)", "expr": substituted(query.expression)])
    }
    #expect(rules.count > 30)
    let folder = try TemporaryDirectory("dashboard-queries")
    defer { folder.remove() }
    // JSON is YAML (with slashes left unescaped: YAML knows no `\/`), so the rules file needs no YAML writer.
    let document: [String: Any] = ["groups": [["name": "dashboards", "rules": rules]]]
    try JSONSerialization.data(withJSONObject: document, options: .withoutEscapingSlashes).write(to: URL(fileURLWithPath: folder.file("queries.yml")))
    let result = try await runPromtool(["check", "rules", "queries.yml"], in: folder.url)
    #expect(result.status == 0, "promtool check rules of the dashboard queries: \(result.output)")
    #expect(result.output.contains("SUCCESS: \(rules.count) rules found"), "\(result.output)")
}

@Test func dashboardQueries_whenOneIsMalformed_failPromtool() async throws {
    let folder = try TemporaryDirectory("dashboard-queries")
    defer { folder.remove() }
    let unbalanced = #"sum by (le (rate(pairwatch_feed_lag_seconds_bucket{instance=~"$instance"}[$__rate_interval]))"#
    let rules = [["record": "dashboard:query:0", "expr": substituted(unbalanced)]]
    let document: [String: Any] = ["groups": [["name": "dashboards", "rules": rules]]]
    try JSONSerialization.data(withJSONObject: document, options: .withoutEscapingSlashes).write(to: URL(fileURLWithPath: folder.file("queries.yml")))
    #expect(try await runPromtool(["check", "rules", "queries.yml"], in: folder.url).status != 0)
}
