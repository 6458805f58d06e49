// SPDX-License-Identifier: Apache-2.0
import Logging
import Synchronization

/// A source of metric families, asked afresh at every scrape.
///
/// One collector per subsystem (`Sources/Exporter/Metrics/<Family>Metrics.swift`). A collector that throws is
/// skipped for that scrape and logged; it never fails the whole scrape.
public protocol MetricsCollector: Sendable {
    func collect() throws -> [MetricFamily]
}

/// The one place the `/metrics` exposition is assembled from: collectors are registered once at start-up,
/// in the order their families should appear.
public final class MetricsRegistry: Sendable {
    private let collectors = Mutex<[any MetricsCollector]>([])
    private let logger: Logger

    public init(logger: Logger = Logger(label: "pairwatch.metrics")) {
        self.logger = logger
    }

    public func register(_ collector: any MetricsCollector) {
        collectors.withLock { $0.append(collector) }
    }

    /// All families of every collector that succeeded, in registration order.
    public func collect() -> [MetricFamily] {
        let current = collectors.withLock { $0 }
        var families: [MetricFamily] = []
        for collector in current {
            do {
                families += try collector.collect()
            } catch {
                logger.warning("metrics collector failed", metadata: ["collector": "\(type(of: collector))", "error": "\(error)"])
            }
        }
        return families
    }

    public func render() -> String {
        PrometheusText.render(collect())
    }
}
