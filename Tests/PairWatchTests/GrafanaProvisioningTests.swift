// SPDX-License-Identifier: Apache-2.0
import Foundation
import Testing

/// `grafana/provisioning/`: the datasource points at the example Prometheus with a fixed uid (only there), and the
/// dashboard provider reads the folder the README tells users to copy the dashboards into.
@Test func grafanaDatasource_whenRead_isPrometheusOnLocalhostWithFixedUid() throws {
    let text = try OperationsFiles.text("grafana/provisioning/datasources/pairwatch.yml")
    #expect(PromQLNames.values(of: "apiVersion", in: text) == ["1"])
    #expect(PromQLNames.values(of: "type", in: text) == ["prometheus"])
    #expect(PromQLNames.values(of: "url", in: text) == ["http://127.0.0.1:9090"])
    let uids = PromQLNames.values(of: "uid", in: text)
    #expect(uids.count == 1 && !(uids.first ?? "").isEmpty, "datasource uids: \(uids)")
    for file in try OperationsFiles.dashboardFiles() {
        let json = try OperationsFiles.text("grafana/dashboards/\(file)")
        #expect(!uids.contains { json.contains("\"\($0)\"") }, "\(file) names the provisioned datasource uid")
    }
}

@Test func grafanaDashboardProvider_whenRead_isAFileProviderOnTheDocumentedPath() throws {
    let text = try OperationsFiles.text("grafana/provisioning/dashboards/pairwatch.yml")
    #expect(PromQLNames.values(of: "type", in: text) == ["file"])
    let paths = PromQLNames.values(of: "path", in: text)
    #expect(paths.count == 1, "provider paths: \(paths)")
    let path = paths.first ?? ""
    #expect(path.hasPrefix("/"), "the provider path \(path) is not absolute")
    let readme = try OperationsFiles.text("README.md")
    #expect(readme.contains(path), "README.md does not say to copy the dashboards into \(path)")
    #expect(readme.contains("/etc/grafana/provisioning/"), "README.md does not name Grafana's provisioning folder")
}
