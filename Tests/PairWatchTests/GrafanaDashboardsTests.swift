// SPDX-License-Identifier: Apache-2.0
import Foundation
import Testing

/// `grafana/dashboards/`: each dashboard is JSON Grafana provisions unchanged, on any Prometheus datasource (picked
/// by the `ds_prometheus` variable, never a hard-coded uid), with units, unique panel ids and its own uid and title.
private let expectedFiles = ["pairwatch-health.json", "pairwatch-overview.json", "pairwatch-pair.json"]
private let datasourceReference = "${ds_prometheus}"

/// Every panel, those inside rows included.
private func panels(of dashboard: [String: Any]) -> [[String: Any]] {
    let top = dashboard["panels"] as? [[String: Any]] ?? []
    return top + top.flatMap { $0["panels"] as? [[String: Any]] ?? [] }
}

private func variables(of dashboard: [String: Any]) -> [[String: Any]] {
    (dashboard["templating"] as? [String: Any])?["list"] as? [[String: Any]] ?? []
}

private func referencesVariable(_ value: Any?) -> Bool {
    guard let reference = value as? [String: Any] else { return false }
    return reference["type"] as? String == "prometheus" && reference["uid"] as? String == datasourceReference
}

/// Every `datasource` value anywhere in the document, with where it was found.
private func datasources(in value: Any, at path: String = "") -> [(path: String, value: Any)] {
    if let object = value as? [String: Any] {
        return object.flatMap { key, child in
            (key == "datasource" ? [(path: "\(path).\(key)", value: child)] : []) + datasources(in: child, at: "\(path).\(key)")
        }
    }
    if let array = value as? [Any] {
        return array.enumerated().flatMap { datasources(in: $1, at: "\(path)[\($0)]") }
    }
    return []
}

@Test func dashboards_whenListed_areTheThreeShipped() throws {
    #expect(try OperationsFiles.dashboardFiles() == expectedFiles)
}

@Test(arguments: expectedFiles)
func dashboard_whenParsed_hasDatasourceVariableAndCurrentSchema(_ file: String) throws {
    let dashboard = try OperationsFiles.dashboard(file)
    let variable = variables(of: dashboard).first { $0["name"] as? String == "ds_prometheus" }
    #expect(variable?["type"] as? String == "datasource", "\(file): ds_prometheus is not a datasource variable")
    #expect(variable?["query"] as? String == "prometheus", "\(file): ds_prometheus does not list Prometheus datasources")
    #expect((dashboard["schemaVersion"] as? Int ?? 0) >= 39, "\(file): schemaVersion below Grafana 11's")
    #expect(dashboard["id"] is NSNull, "\(file): a provisioned dashboard carries no database id")
    #expect((dashboard["tags"] as? [String])?.contains("pairwatch") == true, "\(file): the dashboard links find others by tag")
}

@Test(arguments: expectedFiles)
func dashboard_whenPanelsAreRead_everyPanelAndTargetUsesTheDatasourceVariable(_ file: String) throws {
    let dashboard = try OperationsFiles.dashboard(file)
    let queryPanels = panels(of: dashboard).filter { $0["type"] as? String != "row" }
    #expect(!queryPanels.isEmpty)
    for panel in queryPanels {
        let title = panel["title"] as? String ?? "?"
        #expect(referencesVariable(panel["datasource"]), "\(file): panel \(title) does not use \(datasourceReference)")
        let targets = panel["targets"] as? [[String: Any]] ?? []
        #expect(!targets.isEmpty, "\(file): panel \(title) has no query")
        for target in targets {
            #expect(referencesVariable(target["datasource"]), "\(file): a query of \(title) does not use \(datasourceReference)")
            #expect(!(target["expr"] as? String ?? "").isEmpty, "\(file): a query of \(title) has no expression")
        }
    }
}

@Test(arguments: expectedFiles)
func dashboard_whenSearchedForDatasources_namesNoLiteralUid(_ file: String) throws {
    for (path, value) in datasources(in: try OperationsFiles.dashboard(file)) {
        let reference = value as? [String: Any]
        let builtIn = reference?["type"] as? String == "grafana" && reference?["uid"] as? String == "-- Grafana --"
        #expect(builtIn || referencesVariable(value), "\(file)\(path): hard-coded datasource \(value)")
    }
}

@Test(arguments: expectedFiles)
func dashboard_whenPanelsAreRead_haveUnitsUniqueIdsAndKnownVariables(_ file: String) throws {
    let dashboard = try OperationsFiles.dashboard(file)
    let all = panels(of: dashboard)
    let ids = all.compactMap { $0["id"] as? Int }
    #expect(ids.count == all.count && Set(ids).count == ids.count, "\(file): panel ids missing or repeated: \(ids)")
    let defined = Set(variables(of: dashboard).compactMap { $0["name"] as? String })
    for panel in all where panel["type"] as? String != "row" {
        let title = panel["title"] as? String ?? "?"
        let defaults = (panel["fieldConfig"] as? [String: Any])?["defaults"] as? [String: Any]
        let unit = defaults?["unit"] as? String ?? ""
        #expect(!unit.isEmpty, "\(file): panel \(title) has no unit")
        let expressions = (panel["targets"] as? [[String: Any]] ?? []).compactMap { $0["expr"] as? String }
        let used = Set(expressions.flatMap(variableNames(in:)))
        let undefined = used.subtracting(defined)
        #expect(undefined.isEmpty, "\(file): panel \(title) uses undefined variables \(undefined.sorted())")
    }
}

@Test func dashboards_whenCompared_haveUniqueUidsAndTitles() throws {
    let dashboards = try expectedFiles.map { try OperationsFiles.dashboard($0) }
    let uids = dashboards.compactMap { $0["uid"] as? String }
    let titles = dashboards.compactMap { $0["title"] as? String }
    #expect(uids.count == expectedFiles.count && Set(uids).count == uids.count, "uids: \(uids)")
    #expect(titles.count == expectedFiles.count && Set(titles).count == titles.count, "titles: \(titles)")
    #expect(uids.allSatisfy { $0.count <= 40 }, "Grafana refuses uids longer than 40 characters: \(uids)")
}

@Test func pairDashboard_whenVariablesAreRead_offersPairAndTimeframeFromLabelValues() throws {
    let variables = variables(of: try OperationsFiles.dashboard("pairwatch-pair.json"))
    for name in ["pair", "timeframe"] {
        let variable = variables.first { $0["name"] as? String == name }
        let definition = variable?["definition"] as? String ?? ""
        #expect(variable?["type"] as? String == "query", "\(name) is not a query variable")
        #expect(definition.hasPrefix("label_values(pairwatch_pair_zscore") && definition.hasSuffix(", \(name))"), "\(name): \(definition)")
        #expect(referencesVariable(variable?["datasource"]), "\(name) does not query \(datasourceReference)")
    }
}

/// Dashboard variables an expression refers to (`$name`, `${name}`, `[[name]]`), Grafana's own (`$__…`) left out.
func variableNames(in expression: String) -> [String] {
    guard let pattern = try? NSRegularExpression(pattern: #"\$\{?([A-Za-z_][A-Za-z0-9_]*)|\[\[([A-Za-z_][A-Za-z0-9_]*)\]\]"#) else { return [] }
    return pattern.matches(in: expression, range: NSRange(expression.startIndex..., in: expression)).compactMap { match in
        let group = match.range(at: 1).location != NSNotFound ? 1 : 2
        return Range(match.range(at: group), in: expression).map { String(expression[$0]) }
    }.filter { !$0.hasPrefix("__") }
}
