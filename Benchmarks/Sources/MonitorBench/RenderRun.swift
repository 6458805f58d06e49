// SPDX-License-Identifier: Apache-2.0
import BenchSupport
import Exporter
import Foundation
import NIOCore
import Pipeline

/// `/metrics` of the pair board rendered in-process (`MetricsRegistry.write` with `PairMetrics` registered, into an
/// output that drops each chunk as the HTTP route would send it), without HTTP: the time and the bytes allocated per
/// render. The collector writes a reading's text at the first render that finds it, so what a render costs depends on
/// what changed since the last: `change` runs before each render (untimed).
struct RenderRun {
    struct Result {
        var seconds: [Double] = []
        var bytes: [Int] = []
        var calls: [Int] = []
        var size = 0
        var lines = 0
    }

    let board: PairBoard

    func run(renders: Int, change: () async throws -> Void = {}) async rethrows -> Result {
        let registry = MetricsRegistry()
        registry.register(PairMetrics(board))
        let first = await registry.render()
        var result = Result(size: first.utf8.count, lines: first.utf8.lazy.filter { $0 == UInt8(ascii: "\n") }.count)
        let sink = DroppingOutput()
        for _ in 0..<renders {
            try await change()
            let started = Measure.now()
            let counted = await Measure.allocations { try? await registry.write(.prometheusText, to: sink) }
            result.seconds.append(Measure.now() - started)
            result.bytes.append(counted.bytes)
            result.calls.append(counted.calls)
        }
        return result
    }
}

/// Takes each chunk and lets it go, as a socket would once it is written.
final class DroppingOutput: MetricsOutput {
    func write(_ chunk: ByteBuffer) async throws {}
}
