// SPDX-License-Identifier: Apache-2.0
import Foundation
import TestSupport
import Testing

@testable import Exporter

/// The golden scrapes: `Fixtures/metrics.prom` (text 0.0.4) and `Fixtures/metrics.openmetrics` (OpenMetrics 1.0)
/// from `fixedRegistry()`, compared byte for byte. `PAIRWATCH_UPDATE_GOLDEN=1 swift test --filter GoldenScrape`
/// rewrites them; review the diff before committing.
private let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures")

private func compareWithGolden(_ rendered: String, _ name: String) throws {
    let url = fixtures.appendingPathComponent(name)
    if ProcessInfo.processInfo.environment["PAIRWATCH_UPDATE_GOLDEN"] == "1" {
        try rendered.write(to: url, atomically: true, encoding: .utf8)
        print("golden: rewrote \(url.path)")
    }
    let golden = try String(contentsOf: url, encoding: .utf8)
    #expect(rendered == golden, "\(name) differs from the rendered scrape; PAIRWATCH_UPDATE_GOLDEN=1 rewrites it")
}

@Test func goldenScrape_whenRenderedAsText004_matchesFixtureByteForByte() async throws {
    try compareWithGolden(await fixedRegistry().render(.prometheusText), "metrics.prom")
}

@Test func goldenScrape_whenRenderedAsOpenMetrics_matchesFixtureAndOpenMetricsRules() async throws {
    let rendered = await fixedRegistry().render(.openMetrics)
    try compareWithGolden(rendered, "metrics.openmetrics")
    #expect(OpenMetricsChecker.check(rendered) == [])
}

@Test func goldenScrape_whenPromtoolIsInstalled_passesCheckMetrics() async throws {
    let candidates = ["/usr/bin/promtool", "/usr/local/bin/promtool"]
    guard let promtool = candidates.first(where: { FileManager.default.isExecutableFile(atPath: $0) }) else {
        print("note: promtool not installed (apt-get install prometheus); skipping promtool check metrics of Fixtures/metrics.prom")
        return
    }
    let exposition = try Data(contentsOf: fixtures.appendingPathComponent("metrics.prom"))
    let result = try await runToCompletion(promtool, ["check", "metrics"], input: exposition)
    #expect(result.status == 0, "promtool check metrics: \(result.output)")
    #expect(result.output == "", "promtool lint findings: \(result.output)")
}
