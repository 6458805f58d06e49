// SPDX-License-Identifier: Apache-2.0
import TestSupport
import Testing

@testable import Exporter

@Test func render_whenFamiliesHaveLabels_writesHelpTypeAndEscapedSamples() {
    let family = MetricFamily(
        name: "pairwatch_example_total", help: "Line one\nwith \\ backslash", kind: .counter,
        samples: [MetricSample(labels: [MetricLabel("symbol", "A\"B\\C\nD")], value: 3)])
    #expect(
        PrometheusText.render([family]) == """
            # HELP pairwatch_example_total Line one\\nwith \\\\ backslash
            # TYPE pairwatch_example_total counter
            pairwatch_example_total{symbol="A\\"B\\\\C\\nD"} 3

            """)
}

@Test func format_whenValueIsSpecialOrFractional_usesPrometheusSpelling() {
    #expect(PrometheusText.format(42) == "42")
    #expect(PrometheusText.format(-0.5) == "-0.5")
    #expect(PrometheusText.format(1.5e-7) == "1.5e-07")
    #expect(PrometheusText.format(.infinity) == "+Inf")
    #expect(PrometheusText.format(-.infinity) == "-Inf")
    #expect(PrometheusText.format(.nan) == "NaN")
    #expect(PrometheusText.format(1e20) == "1e+20")
}

@Test func histogram_whenBuilt_addsInfBucketSumAndCount() {
    let family = MetricFamily.histogram(
        "pairwatch_example_seconds", help: "h", buckets: [(le: 0.1, count: 2), (le: 1, count: 5)], sum: 2.5, count: 6)
    #expect(
        PrometheusText.render([family]) == """
            # HELP pairwatch_example_seconds h
            # TYPE pairwatch_example_seconds histogram
            pairwatch_example_seconds_bucket{le="0.1"} 2
            pairwatch_example_seconds_bucket{le="1"} 5
            pairwatch_example_seconds_bucket{le="+Inf"} 6
            pairwatch_example_seconds_sum 2.5
            pairwatch_example_seconds_count 6

            """)
}

private struct FailingCollector: MetricsCollector {
    struct Failure: Error {}
    func collect() throws -> [MetricFamily] { throw Failure() }
}

@Test func registry_whenACollectorFails_skipsItAndKeepsTheOthers() {
    let log = LogRecorder()
    let registry = MetricsRegistry(logger: log.logger)
    registry.register(FailingCollector())
    registry.register(BuildInfoMetrics(BuildInfo(version: "1.2.3", revision: "abc", swiftVersion: "6.3")))
    #expect(
        registry.render() == """
            # HELP pairwatch_build_info A metric with a constant '1' value labeled by version, revision and swift_version from which pairwatch was built.
            # TYPE pairwatch_build_info gauge
            pairwatch_build_info{version="1.2.3",revision="abc",swift_version="6.3"} 1

            """)
    #expect(log.entries.map(\.message) == ["metrics collector failed"])
    #expect(log.entries.first?.metadata["collector"] == "FailingCollector")
}
