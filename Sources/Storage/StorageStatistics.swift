// SPDX-License-Identifier: Apache-2.0
import Synchronization

/// Counters of the storage layer, read by the exporter at each scrape.
public final class StorageStatistics: Sendable {
    /// Upper bounds of the write-duration histogram, in seconds.
    public static let durationBuckets: [Double] = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5]

    public struct Snapshot: Sendable, Equatable {
        public var tradesWritten: UInt64 = 0
        public var duplicates: UInt64 = 0
        public var barsWritten: [String: UInt64] = [:]
        public var errors: [String: UInt64] = [:]
        public var durationCounts = [UInt64](repeating: 0, count: StorageStatistics.durationBuckets.count)
        public var durationSum = 0.0
        public var batches: UInt64 = 0
    }

    private let state = Mutex(Snapshot())

    public init() {}

    public var snapshot: Snapshot { state.withLock { $0 } }

    func recordBatch(seconds: Double, written: Int, duplicates: Int, bars: [String: Int]) {
        state.withLock { state in
            state.tradesWritten += UInt64(written)
            state.duplicates += UInt64(duplicates)
            for (timeframe, count) in bars { state.barsWritten[timeframe, default: 0] += UInt64(count) }
            state.batches += 1
            state.durationSum += seconds
            for (index, bound) in Self.durationBuckets.enumerated() where seconds <= bound { state.durationCounts[index] += 1 }
        }
    }

    func recordError(_ operation: String) {
        state.withLock { $0.errors[operation, default: 0] += 1 }
    }
}
