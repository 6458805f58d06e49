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
/// build metadata onto other series.
public struct BuildInfoMetrics: MetricsCollector {
    let info: BuildInfo

    public init(_ info: BuildInfo) {
        self.info = info
    }

    public func collect() -> [MetricFamily] {
        let labels = [MetricLabel("version", info.version), MetricLabel("revision", info.revision), MetricLabel("swift_version", info.swiftVersion)]
        return [
            MetricFamily(
                name: "pairwatch_build_info",
                help: "A metric with a constant '1' value labeled by version, revision and swift_version from which pairwatch was built.",
                kind: .gauge,
                samples: [MetricSample(labels: labels, value: 1)]
            )
        ]
    }
}
