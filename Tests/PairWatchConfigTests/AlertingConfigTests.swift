// SPDX-License-Identifier: Apache-2.0
import Foundation
import MarketData
import TestSupport
import Testing

@testable import PairWatchConfig

@Test func alerting_whenTheFullExampleIsGiven_parsesToTheExactStructs() throws {
    let folder = try TemporaryDirectory("pairwatch-alerting")
    defer { folder.remove() }
    let secretFile = folder.file("ops-hook.secret")
    try Data("s3cret-key\n\n".utf8).write(to: URL(fileURLWithPath: secretFile))
    let configuration = try PairWatchConfiguration.parse(
        yaml: """
            alerting:
              evaluation_interval: 10s
              rules:
                - alert: SpreadZscoreHigh
                  pairs: [BTCUSDT/ETHUSDT]   # default: every pair
                  timeframes: [1m]           # default: every timeframe of the pair
                  metric: abs_zscore
                  op: ">"
                  threshold: 2.0
                  clear: 1.5
                  for: 2m
                  severity: warning
                  labels: {team: quant}
                  annotations: {summary: "{{pair}} {{timeframe}} z={{value}}"}
              receivers:
                webhooks:
                  - name: ops
                    url: http://127.0.0.1:9095/hook
                    secret_file: \(secretFile)
                    timeout: 5s
                alertmanager:
                  - url: http://127.0.0.1:9093
                journald: true
            """, fileName: "pairwatch.yml")
    var rule = AlertRuleConfig(alert: "SpreadZscoreHigh", metric: .absZscore, op: .greater, threshold: 2.0)
    rule.pairs = ["BTCUSDT/ETHUSDT"]
    rule.timeframes = [try #require(Timeframe("1m"))]
    rule.clear = 1.5
    rule.forDuration = .minutes(2)
    rule.severity = .warning
    rule.labels = ["team": "quant"]
    rule.annotations = ["summary": "{{pair}} {{timeframe}} z={{value}}"]
    var expected = AlertingConfig()
    expected.rules = [rule]
    expected.receivers = ReceiversConfig(
        webhooks: [
            WebhookConfig(name: "ops", url: "http://127.0.0.1:9095/hook", secretFile: secretFile, secret: Array("s3cret-key".utf8), timeout: .seconds(5))
        ],
        alertmanagers: [AlertmanagerConfig(name: "alertmanager", url: "http://127.0.0.1:9093", timeout: .seconds(10))],
        journald: true)
    #expect(configuration.alerting == expected)
    #expect(configuration.alerting.receivers.names == ["ops", "alertmanager", "journald"])
}

@Test func alerting_whenEveryOtherKeyIsSet_readsThemAll() throws {
    let configuration = try PairWatchConfiguration.parse(
        yaml: """
            alerting:
              evaluation_interval: 30s
              max_notification_age: 2h
              external_url: https://pairwatch.example.com/
              rules:
                - {alert: NotCointegrated, metric: coint_pvalue, op: ">=", threshold: 0.05, severity: critical}
                - {alert: FeedSilent, metric: feed_stale_seconds, op: ">", threshold: 120, severity: info}
                - {alert: LowCorrelation, metric: correlation, op: "<=", threshold: 0.3, clear: 0.4}
              receivers:
                alertmanager:
                  - {url: http://127.0.0.1:9093, timeout: 3s}
                  - {name: backup, url: https://am.example.com:9093/prefix}
                  - {url: http://127.0.0.1:9094}
            """, fileName: "pairwatch.yml")
    let alerting = configuration.alerting
    #expect(alerting.evaluationInterval == .seconds(30) && alerting.maxNotificationAge == .hours(2))
    #expect(alerting.externalURL == "https://pairwatch.example.com/")
    #expect(alerting.rules.map(\.metric) == [.cointegrationPValue, .feedStaleSeconds, .correlation])
    #expect(alerting.rules.map(\.op) == [.greaterOrEqual, .greater, .lessOrEqual])
    #expect(alerting.rules.map(\.severity) == [.critical, .info, .warning])
    #expect(alerting.rules.map(\.clear) == [nil, nil, 0.4])
    #expect(alerting.rules.allSatisfy { $0.pairs == nil && $0.timeframes == nil && $0.forDuration == .zero })
    #expect(alerting.receivers.names == ["alertmanager", "backup", "alertmanager-3"])
    #expect(alerting.receivers.alertmanagers.map(\.timeout) == [.seconds(3), .seconds(10), .seconds(10)])
    #expect(alerting.receivers.webhooks.isEmpty && !alerting.receivers.journald)
}

@Test func alerting_whenAbsentEmptyOrNull_isTheDefaults() throws {
    let defaults = AlertingConfig()
    #expect(defaults.evaluationInterval == .seconds(10) && defaults.maxNotificationAge == .hours(24))
    #expect(defaults.externalURL.isEmpty && defaults.rules.isEmpty && defaults.receivers == ReceiversConfig())
    #expect(defaults.receivers.names.isEmpty)
    for yaml in ["", "alerting:\n", "alerting: {}\n", "alerting: {rules: [], receivers: {webhooks: [], alertmanager: []}}\n"] {
        #expect(try PairWatchConfiguration.parse(yaml: yaml, fileName: "pairwatch.yml").alerting == defaults, "\(yaml)")
    }
}

@Test func alerting_whenRulesExistWithoutReceivers_isValid() throws {
    let configuration = try PairWatchConfiguration.parse(
        yaml: "alerting:\n  rules:\n    - {alert: ZscoreHigh, metric: zscore, op: \">\", threshold: 2}\n", fileName: "pairwatch.yml")
    #expect(configuration.alerting.rules.count == 1 && configuration.alerting.receivers.names.isEmpty)
}

@Test func alertRule_whenMetricIsUnknownOrKeysAreMissing_reportsEachAtTheRule() throws {
    #expect(
        try diagnostics(ofFixture: "alert-rule-missing-keys") == [
            "alert-rule-missing-keys.yml:3:7: alerting.rules[0]: missing key \"op\"",
            "alert-rule-missing-keys.yml:3:7: alerting.rules[0]: missing key \"threshold\"",
            "alert-rule-missing-keys.yml:4:15: alerting.rules[0].metric: expected one of \"zscore\", \"abs_zscore\", \"adf_pvalue\", "
                + "\"coint_pvalue\", \"half_life_seconds\", \"correlation\", \"feed_stale_seconds\", found \"zscor\"",
            "alert-rule-missing-keys.yml:6:7: alerting.rules[1]: missing key \"threshold\"",
        ])
}

@Test func alertRule_whenClearIsOnTheWrongSide_namesBothValues() throws {
    #expect(
        try diagnostics(ofFixture: "alert-rule-clear") == [
            "alert-rule-clear.yml:3:72: alerting.rules[0].clear: clear 2.5 is above threshold 2.0 (with op \">\" it must be at most the threshold)",
            "alert-rule-clear.yml:4:81: alerting.rules[1].clear: clear 0.01 is below threshold 0.05 (with op \"<=\" it must be at least the threshold)",
        ])
}

@Test func alertRule_whenPairOrTimeframeIsNotConfigured_pointsAtTheEntry() throws {
    #expect(
        try diagnostics(ofFixture: "alert-rule-scope") == [
            "alert-rule-scope.yml:5:32: alerting.rules[0].pairs[1]: SOLUSDT/ETHUSDT is not among pairs (BTCUSDT/ETHUSDT)",
            "alert-rule-scope.yml:6:24: alerting.rules[0].timeframes[1]: 1h is not among timeframes (1m, 5m)",
        ])
}

@Test func alertRule_whenNamesOrTemplatesAreInvalid_reportsEach() throws {
    #expect(
        try diagnostics(ofFixture: "alert-rule-labels") == [
            "alert-rule-labels.yml:3:7: alerting.rules[0].alert: expected an alert name of letters, digits and _ not starting with a digit, "
                + "found \"Zscore-High\"",
            "alert-rule-labels.yml:7:16: alerting.rules[0].labels.team-name: expected a label name of letters, digits and _ not starting "
                + "with a digit, found \"team-name\"",
            "alert-rule-labels.yml:7:34: alerting.rules[0].labels.severity: severity is set by pairwatch "
                + "(alertname, pair, timeframe and severity are reserved)",
            "alert-rule-labels.yml:9:9: alerting.rules[0].annotations.summary: unknown placeholder {{time}} "
                + "(allowed: {{pair}} {{timeframe}} {{value}} {{threshold}} {{alertname}} {{severity}})",
        ])
}

@Test func alertRule_whenANameIsUsedTwice_reportsTheSecond() throws {
    #expect(try diagnostics(ofFixture: "alert-rule-duplicate") == ["alert-rule-duplicate.yml:5:8: alerting.rules[2].alert: alert ZscoreHigh is configured twice"])
}

@Test func receivers_whenURLsNamesOrTimeoutsAreInvalid_reportsEachAtItsKey() throws {
    #expect(
        try diagnostics(ofFixture: "alert-receivers") == [
            "alert-receivers.yml:5:9: alerting.receivers.webhooks[0].url: expected an absolute http:// or https:// URL, found \"not a url\"",
            "alert-receivers.yml:6:9: alerting.receivers.webhooks[1].name: receiver ops is configured twice",
            "alert-receivers.yml:7:9: alerting.receivers.webhooks[1].url: expected an absolute http:// or https:// URL, found \"ftp://x\"",
            "alert-receivers.yml:8:9: alerting.receivers.webhooks[1].timeout: must be longer than 0s",
            "alert-receivers.yml:9:9: alerting.receivers.webhooks[2].name: journald is reserved for the journal (alerting.receivers.journald)",
            "alert-receivers.yml:13:9: alerting.receivers.alertmanager[1].name: receiver alertmanager is configured twice",
            "alert-receivers.yml:14:9: alerting.receivers.alertmanager[1].url: expected an absolute http:// or https:// URL, found \"http:///api\"",
        ])
}

@Test func alerting_whenIntervalsAreTooShortOrAKeyIsMisspelt_reportsEach() throws {
    #expect(
        try diagnostics(ofFixture: "alerting-intervals") == [
            "alerting-intervals.yml:2:3: alerting.evaluation_interval: 500ms is shorter than the minimum of 1s",
            "alerting-intervals.yml:3:3: alerting.max_notification_age: must be longer than 0s",
            "alerting-intervals.yml:4:3: alerting.external_url: expected an absolute http:// or https:// URL, found \"pairwatch.local:7247\"",
            "alerting-intervals.yml:5:3: alerting.rule: unknown key (did you mean \"rules\"?)",
        ])
}

@Test func secretFile_whenMissingOrEmpty_isAConfigErrorAtTheKey() throws {
    let folder = try TemporaryDirectory("pairwatch-alerting")
    defer { folder.remove() }
    let missing = folder.file("missing.secret")
    let empty = folder.file("empty.secret")
    try Data("\n".utf8).write(to: URL(fileURLWithPath: empty))
    let yaml = """
        alerting:
          receivers:
            webhooks:
              - name: a
                secret_file: \(missing)
                url: http://127.0.0.1:9095/a
              - {name: b, url: http://127.0.0.1:9095/b, secret_file: \(empty)}
              - {name: c, url: http://127.0.0.1:9095/c, secret_file: \(folder.path)}
        """
    #expect(
        diagnostics(of: yaml) == [
            "pairwatch.yml:5:9: alerting.receivers.webhooks[0].secret_file: cannot read \(missing): no such file",
            "pairwatch.yml:7:49: alerting.receivers.webhooks[1].secret_file: \(empty) is empty",
            "pairwatch.yml:8:49: alerting.receivers.webhooks[2].secret_file: cannot read \(folder.path): is a directory",
        ])
}

@Test func alertRule_whenOpIsABareGreaterThan_saysToQuoteIt() {
    #expect(
        diagnostics(of: "alerting:\n  rules:\n    - alert: A\n      metric: zscore\n      op: >\n      threshold: 2\n") == [
            "pairwatch.yml:5:11: alerting.rules[0].op: expected one of \">\", \">=\", \"<\", \"<=\", found a bare > "
                + "(YAML starts a folded text there; write \">\" in quotes)"
        ])
}

@Test func receivers_whenRequiredKeysOrTypesAreWrong_reportsThem() {
    let yaml = """
        alerting:
          receivers:
            webhooks:
              - url: http://127.0.0.1:9095/hook
            alertmanager:
              - {name: am}
            journald: yes
        """
    #expect(
        diagnostics(of: yaml) == [
            "pairwatch.yml:4:9: alerting.receivers.webhooks[0]: missing key \"name\"",
            "pairwatch.yml:6:9: alerting.receivers.alertmanager[0]: missing key \"url\"",
            "pairwatch.yml:7:15: alerting.receivers.journald: expected true or false, found \"yes\"",
        ])
}

@Test func alertRule_whenThePairsCannotBeRead_doesNotJudgeItsPairs() {
    let yaml = """
        pairs:
          - {a: SOLUSDT, window: 300}
        alerting:
          rules:
            - {alert: A, pairs: [SOLUSDT/ETHUSDT], metric: zscore, op: ">", threshold: 2}
        """
    #expect(diagnostics(of: yaml) == ["pairwatch.yml:2:5: pairs[0]: missing key \"b\""])
}

@Test func alertRule_whenListsAreEmptyOrALabelIsReservedByPrometheus_reportsThem() {
    let yaml = """
        alerting:
          rules:
            - {alert: A, pairs: [], timeframes: [], metric: zscore, op: ">", threshold: 2, labels: {__name: x}, annotations: {s: "{{pair"}}
        """
    #expect(
        diagnostics(of: yaml) == [
            "pairwatch.yml:3:18: alerting.rules[0].pairs: an empty list matches no pair (leave pairs out for every pair)",
            "pairwatch.yml:3:29: alerting.rules[0].timeframes: an empty list matches no timeframe (leave timeframes out for every timeframe)",
            "pairwatch.yml:3:93: alerting.rules[0].labels.__name: label names starting with __ are reserved",
            "pairwatch.yml:3:119: alerting.rules[0].annotations.s: {{ is not closed "
                + "(placeholders: {{pair}} {{timeframe}} {{value}} {{threshold}} {{alertname}} {{severity}})",
        ])
}

@Test func summary_whenAlertingIsConfigured_countsRulesAndNamesReceivers() throws {
    let configuration = try PairWatchConfiguration.parse(
        yaml: """
            alerting:
              rules:
                - {alert: ZscoreHigh, pairs: [BTCUSDT/ETHUSDT], metric: abs_zscore, op: ">", threshold: 2.0, clear: 1.5, for: 2m}
                - {alert: FeedSilent, timeframes: [1m], metric: feed_stale_seconds, op: ">=", threshold: 60, severity: critical}
              receivers: {webhooks: [{name: ops, url: "http://127.0.0.1:9095/hook"}], journald: true}
            """, fileName: "pairwatch.yml")
    let lines = configuration.summary.split(separator: "\n").dropLast().suffix(3)
    #expect(
        Array(lines) == [
            "alerting:    2 rules (evaluated every 10s), 2 receivers (ops, journald)",
            "  ZscoreHigh  abs_zscore > 2.0 clear 1.5 for 2m  severity warning  pairs BTCUSDT/ETHUSDT  timeframes all",
            "  FeedSilent  feed_stale_seconds >= 60.0  severity critical  pairs all  timeframes 1m",
        ])
}

/// The example file shows a rule and receivers as comments under their empty defaults; uncommented, they must load.
@Test func exampleFile_whenItsCommentedAlertingIsUncommented_loads() throws {
    let folder = try TemporaryDirectory("pairwatch-alerting")
    defer { folder.remove() }
    let secretFile = folder.file("ops-hook.secret")
    try Data("key\n".utf8).write(to: URL(fileURLWithPath: secretFile))
    let example = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../examples/pairwatch.yml")
    let text = try String(contentsOf: example.standardizedFileURL, encoding: .utf8)
    let commentedKey = try Regex("^( *)# ( *(rules:|webhooks:|alertmanager:|- |[a-z_]+: ).*)$")
    let lines = text.split(separator: "\n", omittingEmptySubsequences: false).compactMap { line -> String? in
        if line.hasSuffix("rules: []") || line.hasSuffix("webhooks: []") || line.hasSuffix("alertmanager: []") { return nil }
        guard let match = try? commentedKey.wholeMatch(in: String(line)) else { return String(line) }
        return String(match.output[1].substring ?? "") + String(match.output[2].substring ?? "")
    }
    let yaml = lines.joined(separator: "\n").replacingOccurrences(of: "/etc/pairwatch/ops-hook.secret", with: secretFile)
    let alerting = try PairWatchConfiguration.parse(yaml: yaml, fileName: "pairwatch.yml").alerting
    #expect(alerting.rules.map(\.alert) == ["SpreadZscoreHigh"])
    #expect(alerting.rules.first?.clear == 1.5 && alerting.rules.first?.forDuration == .minutes(2))
    #expect(alerting.receivers.names == ["ops", "alertmanager"])
    #expect(alerting.receivers.webhooks.first?.secret == Array("key".utf8))
}
