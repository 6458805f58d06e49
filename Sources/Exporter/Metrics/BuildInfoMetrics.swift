// SPDX-License-Identifier: Apache-2.0

/// Version, git revision and Swift version of the running binary.
public struct BuildInfo: Sendable, Equatable {
    public var version: String
    public var revision: String
    public var swiftVersion: String

    public init(version: String, revision: String, swiftVersion: String) {
        self.version = version
        self.revision = revision
        self.swiftVersion = swiftVersion
    }
}

/// `pairwatch_build_info{version,revision,swift_version} 1`, the node_exporter convention for joining
/// build metadata onto other series. Its label set never changes, so it is rendered once.
public struct BuildInfoMetrics: MetricsCollector {
    let labels: MetricLabels

    public init(_ info: BuildInfo) {
        labels = MetricLabels(["version": info.version, "revision": info.revision, "swift_version": info.swiftVersion])
    }

    public func snapshot() {}

    public func write(_ snapshot: Void, to encoder: inout MetricsEncoder) async {
        await encoder.family(
            "pairwatch_build_info",
            help: "A metric with a constant '1' value labeled by version, revision and swift_version from which pairwatch was built.",
            type: .gauge)
        await encoder.sample(1, labels: labels)
    }
}
