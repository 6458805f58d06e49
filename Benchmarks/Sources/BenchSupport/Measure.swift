// SPDX-License-Identifier: Apache-2.0
import CAllocCounter
import Foundation

/// Small measuring helpers: wall and CPU time, and allocations counted by the CAllocCounter interposer.
public enum Measure {
    /// Seconds since some fixed point, on the monotonic clock.
    public static func now() -> Double {
        var spec = timespec()
        clock_gettime(CLOCK_MONOTONIC, &spec)
        return Double(spec.tv_sec) + Double(spec.tv_nsec) / 1e9
    }

    /// CPU seconds used by every thread of the process so far (user and system).
    public static func processCPU() -> Double {
        var spec = timespec()
        clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &spec)
        return Double(spec.tv_sec) + Double(spec.tv_nsec) / 1e9
    }

    /// Bytes and calls of the allocations `body` makes (every thread's, so run it while the process is otherwise idle).
    public static func allocations<T>(_ body: () async throws -> T) async rethrows -> (result: T, bytes: Int, calls: Int) {
        let (bytes, calls) = (alloc_counter_bytes(), alloc_counter_calls())
        let result = try await body()
        return (result, Int(alloc_counter_bytes() - bytes), Int(alloc_counter_calls() - calls))
    }

    /// Median, 99th percentile (nearest rank) and maximum of `samples`.
    public static func summary(_ samples: [Double]) -> (median: Double, p99: Double, max: Double) {
        let sorted = samples.sorted()
        guard let last = sorted.last else { return (.nan, .nan, .nan) }
        let rank = Int((0.99 * Double(sorted.count)).rounded(.up)) - 1
        return (sorted[sorted.count / 2], sorted[max(rank, 0)], last)
    }

    public static func milliseconds(_ seconds: Double) -> String { String(format: "%.1f ms", seconds * 1_000) }

    public static func megabytes(_ bytes: Int) -> String { String(format: "%.2f MB", Double(bytes) / 1_000_000) }
}
