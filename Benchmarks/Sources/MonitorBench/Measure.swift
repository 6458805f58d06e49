// SPDX-License-Identifier: Apache-2.0
import Foundation
import MallocInterposerSwift

/// Small measuring helpers: wall and CPU time, and allocations counted by ordo-one's malloc interposer.
enum Measure {
    /// Seconds since some fixed point, on the monotonic clock.
    static func now() -> Double {
        var spec = timespec()
        clock_gettime(CLOCK_MONOTONIC, &spec)
        return Double(spec.tv_sec) + Double(spec.tv_nsec) / 1e9
    }

    /// CPU seconds used by every thread of the process so far (user and system).
    static func processCPU() -> Double {
        var spec = timespec()
        clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &spec)
        return Double(spec.tv_sec) + Double(spec.tv_nsec) / 1e9
    }

    /// Bytes and calls of the allocations `body` makes, or nil when the interposer's `malloc` is not the process's
    /// (linking its library is enough with glibc's symbol order; scripts/bench_monitor.sh also preloads it).
    static func allocations<T>(_ body: () throws -> T) rethrows -> (result: T, bytes: Int, calls: Int)? {
        guard interposerLoaded else {
            _ = try body()
            return nil
        }
        MallocInterposerSwift.initialize()
        MallocInterposerSwift.hook()
        let result = try body()
        MallocInterposerSwift.unhook()
        let statistics = MallocInterposerSwift.getStatistics()
        return (result, statistics.mallocBytesCount, statistics.mallocCount)
    }

    /// True when a known allocation of 1 MiB is counted.
    static let interposerLoaded: Bool = {
        MallocInterposerSwift.initialize()
        MallocInterposerSwift.hook()
        let probe = UnsafeMutableRawPointer.allocate(byteCount: 1 << 20, alignment: 16)
        MallocInterposerSwift.unhook()
        probe.deallocate()
        return MallocInterposerSwift.getStatistics().mallocBytesCount >= 1 << 20
    }()

    /// Median, 99th percentile (nearest rank) and maximum of `samples`.
    static func summary(_ samples: [Double]) -> (median: Double, p99: Double, max: Double) {
        let sorted = samples.sorted()
        guard let last = sorted.last else { return (.nan, .nan, .nan) }
        let rank = Int((0.99 * Double(sorted.count)).rounded(.up)) - 1
        return (sorted[sorted.count / 2], sorted[max(rank, 0)], last)
    }

    static func milliseconds(_ seconds: Double) -> String { String(format: "%.1f ms", seconds * 1_000) }

    static func megabytes(_ bytes: Int) -> String { String(format: "%.2f MB", Double(bytes) / 1_000_000) }
}
