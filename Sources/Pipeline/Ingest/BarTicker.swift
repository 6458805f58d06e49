// SPDX-License-Identifier: Apache-2.0
import ServiceLifecycle

/// Closes bars on the wall clock once a second, so a live symbol that stops trading still gets a bar for every
/// interval. Not run for replays, whose event time is not the wall clock's.
public struct BarTicker<C: Clock>: Service where C.Duration == Duration {
    let pipeline: IngestPipeline
    let clock: C
    let nowMs: @Sendable () -> Int64

    public init(pipeline: IngestPipeline, clock: C, nowMs: @escaping @Sendable () -> Int64) {
        self.pipeline = pipeline
        self.clock = clock
        self.nowMs = nowMs
    }

    public func run() async throws {
        do {
            try await cancelWhenGracefulShutdown {
                while true {
                    try await clock.sleep(for: .seconds(1))
                    await pipeline.tick(wallClockMs: nowMs())
                }
            }
        } catch is CancellationError {}
    }
}
