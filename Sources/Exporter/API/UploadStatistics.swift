// SPDX-License-Identifier: Apache-2.0
import Synchronization

/// Counts of `POST /api/v1/trades` answers by result, and the trades uploads inserted, for ``UploadMetrics``.
public final class UploadStatistics: Sendable {
    /// How an upload ended, the `result` label.
    public enum Result: String, Sendable, CaseIterable {
        case ok
        case badRequest = "bad_request"
        case tooLarge = "too_large"
        case unauthorized
        case disabled
        case timeout
        case unavailable
    }

    public struct Snapshot: Sendable, Equatable {
        public var uploads: [Result: UInt64] = [:]
        public var insertedTrades: UInt64 = 0
    }

    private let state = Mutex(Snapshot())

    public init() {}

    public func record(_ result: Result, inserted: Int = 0) {
        state.withLock { snapshot in
            snapshot.uploads[result, default: 0] += 1
            snapshot.insertedTrades += UInt64(max(inserted, 0))
        }
    }

    public var snapshot: Snapshot { state.withLock { $0 } }
}
