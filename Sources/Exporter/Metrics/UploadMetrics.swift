// SPDX-License-Identifier: Apache-2.0

/// `pairwatch_api_uploads_total{result}` and `pairwatch_api_uploaded_trades_total`, read from ``UploadStatistics``.
public struct UploadMetrics: MetricsCollector {
    let statistics: UploadStatistics

    public init(_ statistics: UploadStatistics) {
        self.statistics = statistics
    }

    public func snapshot() -> UploadStatistics.Snapshot {
        statistics.snapshot
    }

    public func write(_ snapshot: UploadStatistics.Snapshot, to encoder: inout MetricsEncoder) async {
        await encoder.family(
            "pairwatch_api_uploads_total", help: "Trade file uploads to POST /api/v1/trades, by how they ended.", type: .counter)
        // Every result is present from the start, so a rate over any of them works before the first upload.
        for result in UploadStatistics.Result.allCases.sorted(by: { $0.rawValue < $1.rawValue }) {
            await encoder.sample(Double(snapshot.uploads[result] ?? 0), labels: MetricLabels(["result": result.rawValue]))
        }
        await encoder.family(
            "pairwatch_api_uploaded_trades_total", help: "Trades inserted by uploads (duplicates of stored trades not counted).", type: .counter)
        await encoder.sample(Double(snapshot.insertedTrades))
    }
}
