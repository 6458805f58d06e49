// SPDX-License-Identifier: Apache-2.0
import Storage

/// The storage layer's families: batch write latency, trades written and de-duplicated, errors by operation,
/// and the size of the database on disk.
public struct StorageMetrics: MetricsCollector {
    let statistics: StorageStatistics
    let sizeBytes: @Sendable () -> Int64

    public init(database: TradeDatabase, statistics: StorageStatistics) {
        self.init(statistics: statistics) { database.sizeBytes }
    }

    /// `sizeBytes` is read at each scrape; tests give a fixed size.
    init(statistics: StorageStatistics, sizeBytes: @escaping @Sendable () -> Int64) {
        self.statistics = statistics
        self.sizeBytes = sizeBytes
    }

    public func snapshot() -> (statistics: StorageStatistics.Snapshot, sizeBytes: Int64) {
        (statistics.snapshot, sizeBytes())
    }

    public func write(_ snapshot: (statistics: StorageStatistics.Snapshot, sizeBytes: Int64), to encoder: inout MetricsEncoder) async {
        let current = snapshot.statistics
        await encoder.family("pairwatch_storage_write_duration_seconds", help: "Time to commit one batch of trades and bars.", type: .histogram)
        await encoder.histogram(
            buckets: zip(StorageStatistics.durationBuckets, current.durationCounts).map { (le: $0, count: $1) },
            sum: current.durationSum, count: current.batches)
        await encoder.family("pairwatch_storage_trades_written_total", help: "Trades inserted into the database.", type: .counter)
        await encoder.sample(Double(current.tradesWritten))
        await encoder.family(
            "pairwatch_storage_duplicate_trades_total", help: "Trades not inserted because (symbol, trade id) was stored already.", type: .counter)
        await encoder.sample(Double(current.duplicates))
        await encoder.family(
            "pairwatch_storage_errors_total", help: "Failed storage operations by operation; the data stays queued and is retried.", type: .counter)
        // "write" is always present, so an alert on its rate works before the first failure.
        for operation in Set(current.errors.keys).union(["write"]).sorted() {
            await encoder.sample(Double(current.errors[operation] ?? 0), labels: MetricLabels(["op": operation]))
        }
        await encoder.family("pairwatch_storage_size_bytes", help: "Size of the database file and its write-ahead log.", type: .gauge)
        await encoder.sample(Double(snapshot.sizeBytes))
    }
}
