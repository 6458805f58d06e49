// SPDX-License-Identifier: Apache-2.0
import TestSupport
import Testing

@Test func version_whenRun_printsVersionRevisionAndSwift() async throws {
    let output = try await runPairwatch(["version"])
    #expect(output.status == 0)
    let lines = output.stdout.split(separator: "\n")
    #expect(lines.count == 2)
    #expect(lines.first?.hasPrefix("pairwatch, version 0.1.0 (revision: ") == true)
    #expect(lines.last?.hasPrefix("  swift version: 6.") == true)
}

@Test func checkConfig_whenFileIsValid_printsSummaryAndExitsZero() async throws {
    let folder = try TemporaryDirectory("pairwatch-cli")
    defer { folder.remove() }
    let path = try temporaryConfig(
        """
        pairs:
          - {a: SOLUSDT, b: ETHUSDT, method: ols, window: 300, zscore_window: 60}
        """, in: folder)
    let output = try await runPairwatch(["check-config", "--config.file", path])
    #expect(output.status == 0)
    #expect(output.stdout.contains("SOLUSDT"))
    #expect(output.stderr.isEmpty)
}

@Test func checkConfig_whenFileIsInvalid_printsEveryErrorAndExitsOne() async throws {
    let folder = try TemporaryDirectory("pairwatch-cli")
    defer { folder.remove() }
    let path = try temporaryConfig(
        """
        pairs:
          - a: BTCUSDT
            b: ETHUSDT
            window: 500
            zscore_window: 600
        timeframs: [1m]
        """, in: folder)
    let output = try await runPairwatch(["check-config", "--config.file", path])
    #expect(output.status == 1)
    #expect(output.stdout.isEmpty)
    #expect(output.stderr.contains("pairwatch.yml:5:5: pairs[0].zscore_window: 600 is larger than window (500)"))
    #expect(output.stderr.contains("pairwatch.yml:6:1: timeframs: unknown key (did you mean \"timeframes\"?)"))
}

@Test func checkConfig_whenAlertingIsConfigured_summarisesRulesAndReceiversOrNamesTheMissingSecret() async throws {
    let folder = try TemporaryDirectory("pairwatch-cli")
    defer { folder.remove() }
    let secret = folder.file("hook.secret")
    let yaml = """
        alerting:
          rules:
            - {alert: SpreadZscoreHigh, metric: abs_zscore, op: ">", threshold: 2}
          receivers:
            webhooks:
              - {name: ops, url: "http://127.0.0.1:9095/hook", secret_file: \(secret)}
            journald: true
        """
    let path = try temporaryConfig(yaml, in: folder)
    let missing = try await runPairwatch(["check-config", "--config.file", path])
    #expect(missing.status == 1)
    #expect(missing.stderr == "\(path):6:56: alerting.receivers.webhooks[0].secret_file: cannot read \(secret): no such file\n")
    try "k3y\n".write(toFile: secret, atomically: true, encoding: .utf8)
    let output = try await runPairwatch(["check-config", "--config.file", path])
    #expect(output.status == 0)
    #expect(output.stdout.contains("\nalerting:    1 rule (evaluated every 10s), 2 receivers (ops, journald)\n"))
}

@Test func serve_whenListenAddressIsMalformed_exitsNonZeroNamingTheFlag() async throws {
    let output = try await runPairwatch(["serve", "--web.listen-address", "nowhere"])
    #expect(output.status != 0)
    #expect(output.stderr.contains("web.listen-address: expected host:port, found \"nowhere\""))
}

@Test func help_whenAsked_showsExporterStyleFlagsAndAnExample() async throws {
    let output = try await runPairwatch(["serve", "--help"])
    #expect(output.status == 0)
    for flag in ["--config.file", "--web.listen-address", "--web.telemetry-path", "--storage.path", "--feed", "--log.level", "--log.format"] {
        #expect(output.stdout.contains(flag), "missing \(flag)")
    }
    #expect(output.stdout.contains("pairwatch serve --config.file"))
}
