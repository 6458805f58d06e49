// SPDX-License-Identifier: Apache-2.0
import Foundation
import ServiceLifecycle

/// Closes bars on the wall clock once a second, so a live symbol that stops trading still gets a bar for every
/// interval. Not run for replays, whose event time is not the wall clock's.
struct BarTicker<C: Clock>: Service where C.Duration == Duration {
    let pipeline: IngestPipeline
    let clock: C
    let nowMs: @Sendable () -> Int64

    func run() async throws {
        do {
            try await cancelWhenGracefulShutdown {
                while true {
                    try await clock.sleep(for: .seconds(1))
                    pipeline.tick(wallClockMs: nowMs())
                }
            }
        } catch is CancellationError {}
    }
}

@Sendable func wallClockMilliseconds() -> Int64 {
    Int64((Date().timeIntervalSince1970 * 1_000).rounded(.down))
}
