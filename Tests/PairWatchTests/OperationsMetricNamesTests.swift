// SPDX-License-Identifier: Apache-2.0
import Foundation
import Testing

/// Every metric a dashboard or a rule queries is one pairwatch exports (the golden scrape), one the rules record,
/// `up` or a standard process metric, so a misspelt name fails here instead of drawing an empty panel.
private let processMetrics: Set<String> = [
    "process_cpu_seconds_total", "process_resident_memory_bytes", "process_virtual_memory_bytes", "process_open_fds",
    "process_max_fds", "process_start_time_seconds",
]

private func knownNames() throws -> Set<String> {
    let recorded = PromQLNames.values(of: "record", in: try OperationsFiles.text("prometheus/pairwatch.rules.yml"))
    return try OperationsFiles.goldenMetricNames().union(recorded).union(processMetrics).union(["up"])
}

/// Every expression of a dashboard: panel queries and query variables' definitions.
private func dashboardExpressions(_ file: String) throws -> [String] {
    let dashboard = try OperationsFiles.dashboard(file)
    let top = dashboard["panels"] as? [[String: Any]] ?? []
    let panels = top + top.flatMap { $0["panels"] as? [[String: Any]] ?? [] }
    let queries = panels.flatMap { $0["targets"] as? [[String: Any]] ?? [] }.compactMap { $0["expr"] as? String }
    let variables = (dashboard["templating"] as? [String: Any])?["list"] as? [[String: Any]] ?? []
    let definitions = variables.filter { $0["type"] as? String == "query" }.compactMap { $0["definition"] as? String }
    return queries + definitions.map(labelValuesSelector)
}

/// `label_values(selector, label)` → `selector` (Grafana's function, not PromQL's).
private func labelValuesSelector(_ definition: String) -> String {
    guard definition.hasPrefix("label_values("), let comma = definition.lastIndex(of: ",") else { return definition }
    return String(definition[definition.index(definition.startIndex, offsetBy: 13)..<comma])
}

@Test func promQLNames_whenGivenAnExpression_findOnlyTheMetricNames() {
    let expression = #"""
        histogram_quantile(0.99, sum by (le) (rate(pairwatch_feed_lag_secnds_bucket{instance=~"$instance", le!="1e3"}[$__rate_interval])))
        / on (instance) group_left (version) pairwatch_build_info offset 5m and time() - up > bool 1e3
        """#
    #expect(PromQLNames.metricNames(in: expression) == ["pairwatch_feed_lag_secnds_bucket", "pairwatch_build_info", "up"])
    #expect(PromQLNames.metricNames(in: #"label_replace(pairwatch:pair_zscore:abs, "symbol", "$1", "pair", "(.+)/.*")"#)
        == ["pairwatch:pair_zscore:abs"])
}

@Test func promQLNames_whenReadingRules_findFoldedAndPlainExpressions() {
    let rules = """
        groups:
          - name: g
            rules:
              - record: a:b:c
                expr: rate(x_total[1m])
              - alert: A
                expr: >-
                  y > 0
                  or
                  z > 0

                for: 1m
        """
    let expressions = PromQLNames.ruleExpressions(inRules: rules).map { $0.split(separator: " ").joined(separator: " ") }
    #expect(expressions == ["rate(x_total[1m])", "y > 0 or z > 0"])
    #expect(PromQLNames.values(of: "record", in: rules) == ["a:b:c"])
}

@Test func prometheusRules_whenTheirExpressionsAreRead_useOnlyExportedMetrics() throws {
    let known = try knownNames()
    let expressions = PromQLNames.ruleExpressions(inRules: try OperationsFiles.text("prometheus/pairwatch.rules.yml"))
    #expect(expressions.count >= 6)
    for expression in expressions {
        let names = PromQLNames.metricNames(in: expression)
        #expect(!names.isEmpty, "no metric found in \(expression)")
        let unknown = names.subtracting(known)
        #expect(unknown.isEmpty, "unknown \(unknown.sorted()) in rule \(expression)")
    }
}

@Test(arguments: ["pairwatch-health.json", "pairwatch-overview.json", "pairwatch-pair.json"])
func dashboard_whenItsExpressionsAreRead_useOnlyExportedMetrics(_ file: String) throws {
    let known = try knownNames()
    let expressions = try dashboardExpressions(file)
    #expect(!expressions.isEmpty)
    for expression in expressions {
        let names = PromQLNames.metricNames(in: expression)
        #expect(!names.isEmpty, "\(file): no metric found in \(expression)")
        let unknown = names.subtracting(known)
        #expect(unknown.isEmpty, "\(file): unknown \(unknown.sorted()) in \(expression)")
    }
}
