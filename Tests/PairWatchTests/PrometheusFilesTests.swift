// SPDX-License-Identifier: Apache-2.0
import Foundation
import Testing

/// `prometheus/`: the scrape configuration and the rules pass `promtool`, every alert has unit tests on both sides
/// (it fires, and a case where it must not), and the rules only use metrics pairwatch exports.
private let rulesFile = "prometheus/pairwatch.rules.yml"
private let rulesTestFile = "prometheus/pairwatch.rules.test.yml"

private let expectedAlerts: Set<String> = [
    "PairwatchDown", "PairwatchFeedDown", "PairwatchFeedStale", "PairwatchNotificationsFailing", "PairwatchStorageErrors",
    "PairwatchSpreadZscoreHigh",
]

@Test func prometheusRules_whenCheckedByPromtool_areCleanWithoutLintFindings() async throws {
    let result = try await runPromtool(["check", "rules", rulesFile])
    #expect(result.status == 0, "promtool check rules: \(result.output)")
    #expect(result.output.contains("SUCCESS"), "promtool check rules: \(result.output)")
    // promtool reports lint findings (duplicate rules and the like) without failing
    #expect(!result.output.contains("WARNING"), "promtool check rules: \(result.output)")
}

@Test func prometheusRules_whenUnitTestedByPromtool_pass() async throws {
    let result = try await runPromtool(["test", "rules", rulesTestFile])
    #expect(result.status == 0, "promtool test rules: \(result.output)")
    #expect(result.output.contains("SUCCESS"), "promtool test rules: \(result.output)")
}

@Test func prometheusConfig_whenCheckedByPromtool_isValidAndFindsTheRules() async throws {
    let result = try await runPromtool(["check", "config", "prometheus/prometheus.yml"])
    #expect(result.status == 0, "promtool check config: \(result.output)")
    #expect(result.output.contains("SUCCESS: 1 rule files found"), "promtool check config: \(result.output)")
    let config = try OperationsFiles.text("prometheus/prometheus.yml")
    #expect(config.contains("127.0.0.1:7247"), "prometheus.yml scrapes pairwatch's default address")
    #expect(PromQLNames.values(of: "scrape_interval", in: config) == ["15s"])
    #expect(PromQLNames.values(of: "job_name", in: config) == ["pairwatch"], "the alerts select job=\"pairwatch\"")
}

@Test func prometheusRules_whenListed_defineEveryAlertWithSeveritySummaryAndDescription() throws {
    let rules = try OperationsFiles.text(rulesFile)
    let alerts = PromQLNames.values(of: "alert", in: rules)
    #expect(Set(alerts) == expectedAlerts)
    #expect(alerts.count == Set(alerts).count, "an alert is defined twice: \(alerts)")
    let severities = PromQLNames.values(of: "severity", in: rules)
    #expect(severities.count == alerts.count && severities.allSatisfy { ["critical", "warning", "info"].contains($0) })
    #expect(PromQLNames.values(of: "summary", in: rules).filter { $0.contains("$labels") }.count == alerts.count)
    #expect(PromQLNames.values(of: "description", in: rules).filter { $0.contains("$labels") }.count == alerts.count)
}

@Test func recordingRules_whenNamed_followLevelMetricOperations() throws {
    let records = PromQLNames.values(of: "record", in: try OperationsFiles.text(rulesFile))
    #expect(!records.isEmpty)
    for record in records {
        let parts = record.split(separator: ":", omittingEmptySubsequences: false)
        #expect(parts.count == 3 && parts.allSatisfy { !$0.isEmpty } && parts[0] == "pairwatch", "\(record) is not level:metric:operations")
    }
}

@Test func prometheusRulesTests_whenRead_haveAFiringAndAQuietCaseForEveryAlert() throws {
    let lines = try OperationsFiles.text(rulesTestFile).components(separatedBy: "\n")
    var firing = Set<String>()
    var quiet = Set<String>()
    for (index, line) in lines.enumerated() {
        guard let (_, alert) = PromQLNames.keyValue("alertname", in: line), index + 1 < lines.count,
            let (_, expected) = PromQLNames.keyValue("exp_alerts", in: lines[index + 1])
        else { continue }
        if expected == "[]" { quiet.insert(alert) } else { firing.insert(alert) }
    }
    #expect(firing == expectedAlerts, "alerts tested firing: \(firing.sorted())")
    #expect(quiet == expectedAlerts, "alerts tested quiet: \(quiet.sorted())")
}
