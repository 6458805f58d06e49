// SPDX-License-Identifier: Apache-2.0
import Exporter
import Foundation
import Pipeline

/// `/metrics` of the pair board rendered in-process as the daemon's route does (`MetricsRegistry.render()` with
/// `PairMetrics` registered), without HTTP: the time and the bytes allocated per render.
struct RenderRun {
    struct Result {
        var seconds: [Double] = []
        var bytes: [Int] = []
        var calls: [Int] = []
        var size = 0
        var lines = 0
    }

    let board: PairBoard

    func run(renders: Int) -> Result {
        let registry = MetricsRegistry()
        registry.register(PairMetrics(board))
        let first = registry.render()
        var result = Result(size: first.utf8.count, lines: first.utf8.lazy.filter { $0 == UInt8(ascii: "\n") }.count)
        for _ in 0..<renders {
            let started = Measure.now()
            let text = registry.render()
            result.seconds.append(Measure.now() - started)
            if text.utf8.count != result.size { result.size = max(result.size, text.utf8.count) }
        }
        // Counted apart from the timed renders, so the interposer's bookkeeping does not slow those.
        for _ in 0..<min(renders, 5) {
            if let counted = Measure.allocations({ registry.render().utf8.count }) {
                result.bytes.append(counted.bytes)
                result.calls.append(counted.calls)
            }
        }
        return result
    }
}
