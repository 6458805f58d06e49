// SPDX-License-Identifier: Apache-2.0
import Storage

/// The storage layer's families: batch write latency, trades written and de-duplicated, errors by operation,
/// and the size of the database on disk.
public struct StorageMetrics: MetricsCollector {
    let database: TradeDatabase
    let statistics: StorageStatistics

    public init(database: TradeDatabase, statistics: StorageStatistics) {
        self.database = database
        self.statistics = statistics
    }

    public func collect() -> [MetricFamily] {
        let snapshot = statistics.snapshot
        var errors = MetricFamily(
            name: "pairwatch_storage_errors_total", help: "Failed storage operations by operation; the data stays queued and is retried.", kind: .counter)
        // "write" is always present, so an alert on its rate works before the first failure.
        for operation in Set(snapshot.errors.keys).union(["write"]).sorted() {
            errors.samples.append(MetricSample(labels: [MetricLabel("op", operation)], value: Double(snapshot.errors[operation] ?? 0)))
        }
        return [
            .histogram(
                "pairwatch_storage_write_duration_seconds", help: "Time to commit one batch of trades and bars.",
                buckets: zip(StorageStatistics.durationBuckets, snapshot.durationCounts).map { (le: $0, count: $1) },
                sum: snapshot.durationSum, count: snapshot.batches),
            .single("pairwatch_storage_trades_written_total", help: "Trades inserted into the database.", kind: .counter,
                    value: Double(snapshot.tradesWritten)),
            .single("pairwatch_storage_duplicate_trades_total", help: "Trades not inserted because (symbol, trade id) was stored already.",
                    kind: .counter, value: Double(snapshot.duplicates)),
            errors,
            .single("pairwatch_storage_size_bytes", help: "Size of the database file and its write-ahead log.", kind: .gauge,
                    value: Double(database.sizeBytes)),
        ]
    }
}
