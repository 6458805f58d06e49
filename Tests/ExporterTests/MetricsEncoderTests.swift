// SPDX-License-Identifier: Apache-2.0
import NIOCore
import Testing

@testable import Exporter

/// Writes whatever families `body` gives, through a registry, in `format`.
private struct ScriptedCollector: MetricsCollector {
    let body: @Sendable (inout MetricsEncoder) async -> Void
    func snapshot() {}
    func write(_ snapshot: Void, to encoder: inout MetricsEncoder) async { await body(&encoder) }
}

private func render(_ format: ExpositionFormat, _ collectors: [any MetricsCollector]) async -> String {
    let registry = quietRegistry()
    for collector in collectors { registry.register(collector) }
    return await registry.render(format)
}

private let escaping = ScriptedCollector { encoder in
    await encoder.family("pairwatch_example_total", help: "Line one\nwith \\ backslash and \"quotes\"", type: .counter)
    await encoder.sample(3, labels: MetricLabels(["symbol": "A\"B\\C\nD"]))
}

@Test func encoder_whenTextFormat_escapesHelpAndLabelValues() async {
    #expect(
        await render(.prometheusText, [escaping]) == """
            # HELP pairwatch_example_total Line one\\nwith \\\\ backslash and "quotes"
            # TYPE pairwatch_example_total counter
            pairwatch_example_total{symbol="A\\"B\\\\C\\nD"} 3

            """)
}

@Test func encoder_whenOpenMetrics_namesCounterFamilyWithoutTotalAndEndsWithEOF() async {
    #expect(
        await render(.openMetrics, [escaping]) == """
            # HELP pairwatch_example Line one\\nwith \\\\ backslash and \\"quotes\\"
            # TYPE pairwatch_example counter
            pairwatch_example_total{symbol="A\\"B\\\\C\\nD"} 3
            # EOF

            """)
}

@Test func metricValue_whenSpecialIntegralOrFractional_usesPrometheusSpelling() {
    #expect(MetricValue.format(42) == "42")
    #expect(MetricValue.format(-0.0) == "0")
    #expect(MetricValue.format(-0.5) == "-0.5")
    #expect(MetricValue.format(0.1 + 0.2) == "0.30000000000000004")
    #expect(MetricValue.format(1.5e-7) == "1.5e-07")
    #expect(MetricValue.format(.infinity) == "+Inf")
    #expect(MetricValue.format(-.infinity) == "-Inf")
    #expect(MetricValue.format(.nan) == "NaN")
    #expect(MetricValue.format(1e20) == "1e+20")
    #expect(MetricValue.format(123_456_789_012) == "123456789012")
}

@Test func encoder_whenHistogramHasLabels_addsLeInfBucketSumAndCount() async {
    let histogram = ScriptedCollector { encoder in
        await encoder.family("pairwatch_example_seconds", help: "h", type: .histogram)
        await encoder.histogram(labels: MetricLabels(["op": "write"]), buckets: [(le: 0.1, count: 2), (le: 1, count: 5)], sum: 2.5, count: 6)
    }
    #expect(
        await render(.prometheusText, [histogram]) == """
            # HELP pairwatch_example_seconds h
            # TYPE pairwatch_example_seconds histogram
            pairwatch_example_seconds_bucket{op="write",le="0.1"} 2
            pairwatch_example_seconds_bucket{op="write",le="1"} 5
            pairwatch_example_seconds_bucket{op="write",le="+Inf"} 6
            pairwatch_example_seconds_sum{op="write"} 2.5
            pairwatch_example_seconds_count{op="write"} 6

            """)
}

@Test func registry_whenACollectorFails_skipsItAndKeepsTheOthersInBothFormats() async {
    let info = BuildInfoMetrics(BuildInfo(version: "1.2.3", revision: "abc", swiftVersion: "6.3"))
    let expected = """
        # HELP pairwatch_build_info A metric with a constant '1' value labeled by version, revision and swift_version from which pairwatch was built.
        # TYPE pairwatch_build_info gauge
        pairwatch_build_info{version="1.2.3",revision="abc",swift_version="6.3"} 1

        """
    #expect(await render(.prometheusText, [FailingCollector(), info, FailingCollector()]) == expected)
    #expect(await render(.openMetrics, [FailingCollector(), info]) == expected + "# EOF\n")
}

/// Records each chunk; fails from the `failAt`-th write on.
private final class ChunkRecorder: MetricsOutput {
    struct Gone: Error, Equatable {}
    var chunks: [String] = []
    let failAt: Int?
    init(failAt: Int? = nil) { self.failAt = failAt }
    func write(_ chunk: ByteBuffer) async throws {
        if let failAt, chunks.count >= failAt { throw Gone() }
        chunks.append(String(buffer: chunk))
    }
}

private let manySamples = ScriptedCollector { encoder in
    await encoder.family("pairwatch_example", help: "h", type: .gauge)
    for index in 0..<1_000 { await encoder.sample(Double(index), labels: MetricLabels(["pair": "AAAUSDT/BBBUSDT", "index": "\(index)"])) }
}

@Test func registry_whenBodyExceedsChunkSize_streamsBoundedChunksThatJoinToTheWholeBody() async throws {
    let registry = quietRegistry()
    registry.register(manySamples)
    let recorder = ChunkRecorder()
    try await registry.write(.openMetrics, to: recorder, chunkSize: 4_096)
    #expect(recorder.chunks.count > 10)
    // A chunk is flushed 1 KiB before the limit, so a line never pushes it past it.
    #expect(recorder.chunks.allSatisfy { $0.utf8.count <= 4_096 })
    #expect(recorder.chunks.joined() == (await registry.render(.openMetrics)))
}

@Test func registry_whenOutputFails_stopsAndThrowsTheOutputError() async {
    let registry = quietRegistry()
    registry.register(manySamples)
    registry.register(manySamples)
    let recorder = ChunkRecorder(failAt: 2)
    await #expect(throws: ChunkRecorder.Gone()) { try await registry.write(.prometheusText, to: recorder, chunkSize: 4_096) }
    #expect(recorder.chunks.count == 2)
}
