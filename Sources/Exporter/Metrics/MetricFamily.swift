// SPDX-License-Identifier: Apache-2.0

/// One metric family of the Prometheus text exposition: a name, its HELP and TYPE, and its samples.
///
/// Families are plain values built fresh at each scrape by a `MetricsCollector`, so a collector reads the
/// current state of its component and nothing is cached between scrapes (a stale number is never served).
public struct MetricFamily: Sendable, Equatable {
    public enum Kind: String, Sendable {
        case counter, gauge, histogram
    }

    public let name: String
    public let help: String
    public let kind: Kind
    public var samples: [MetricSample]

    public init(name: String, help: String, kind: Kind, samples: [MetricSample] = []) {
        self.name = name
        self.help = help
        self.kind = kind
        self.samples = samples
    }

    /// A family with a single unlabelled sample.
    public static func single(_ name: String, help: String, kind: Kind, value: Double) -> MetricFamily {
        MetricFamily(name: name, help: help, kind: kind, samples: [MetricSample(value: value)])
    }
}

/// One line of a family: an optional suffix (`_bucket`, `_sum`, `_count` for histograms), labels and value.
public struct MetricSample: Sendable, Equatable {
    public var suffix: String
    public var labels: [MetricLabel]
    public var value: Double

    public init(suffix: String = "", labels: [MetricLabel] = [], value: Double) {
        self.suffix = suffix
        self.labels = labels
        self.value = value
    }
}

public struct MetricLabel: Sendable, Equatable {
    public var name: String
    public var value: String

    public init(_ name: String, _ value: String) {
        self.name = name
        self.value = value
    }
}

extension MetricFamily {
    /// A histogram family from cumulative bucket counts (`le` upper bounds ascending, `+Inf` added here).
    public static func histogram(
        _ name: String, help: String, labels: [MetricLabel] = [], buckets: [(le: Double, count: UInt64)], sum: Double, count: UInt64
    ) -> MetricFamily {
        var samples = buckets.map { bucket in
            MetricSample(suffix: "_bucket", labels: labels + [MetricLabel("le", PrometheusText.format(bucket.le))], value: Double(bucket.count))
        }
        samples.append(MetricSample(suffix: "_bucket", labels: labels + [MetricLabel("le", "+Inf")], value: Double(count)))
        samples.append(MetricSample(suffix: "_sum", labels: labels, value: sum))
        samples.append(MetricSample(suffix: "_count", labels: labels, value: Double(count)))
        return MetricFamily(name: name, help: help, kind: .histogram, samples: samples)
    }
}
