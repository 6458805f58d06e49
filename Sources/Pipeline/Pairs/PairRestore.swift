// SPDX-License-Identifier: Apache-2.0
import MarketData
import Storage

/// Refilling engines from storage: the last `window` intervals at which both legs have a stored bar.
extension PairMonitor {
    /// Restores `works` (their legs read once each, `workers` at a time) and computes their first statistics.
    func restore(_ works: [PairSeriesWork]) async throws {
        guard !works.isEmpty else { return }
        var windows: [Leg: Int] = [:]
        for work in works {
            let series = work.settings.series
            for leg in [series.legs.a, series.legs.b] {
                windows[leg] = max(windows[leg] ?? 0, work.settings.configuration.window)
            }
        }
        let closes = try await read(windows)
        try await withThrowingTaskGroup(of: Void.self) { group in
            for (index, work) in works.enumerated() {
                if index >= workers { try await group.next() }
                group.addTask {
                    let series = work.settings.series
                    let aligned = Self.align(closes[series.legs.a] ?? [], closes[series.legs.b] ?? [])
                    if work.restore(aligned) { self.compute(work) }
                }
            }
            try await group.waitForAll()
        }
    }

    private func read(_ windows: [Leg: Int]) async throws -> [Leg: [BarClose]] {
        let database = database
        return try await withThrowingTaskGroup(of: (Leg, [BarClose]).self) { group in
            var result: [Leg: [BarClose]] = [:]
            for (index, (leg, window)) in windows.enumerated() {
                if index >= workers, let (leg, closes) = try await group.next() { result[leg] = closes }
                group.addTask { (leg, try database.closes(symbol: leg.symbol, timeframe: leg.timeframe, count: window)) }
            }
            for try await (leg, closes) in group { result[leg] = closes }
            return result
        }
    }

    /// The intervals present in both legs, oldest first (both lists are in time order): what an engine is restored
    /// from, and what `pairwatch analyze` reads from storage, so both see the same series.
    public static func align(_ a: [BarClose], _ b: [BarClose]) -> [PairCloses] {
        var aligned: [PairCloses] = []
        aligned.reserveCapacity(min(a.count, b.count))
        var i = 0, j = 0
        while i < a.count, j < b.count {
            if a[i].startMs == b[j].startMs {
                aligned.append(PairCloses(startMs: a[i].startMs, a: a[i].close, b: b[j].close))
                i += 1
                j += 1
            } else if a[i].startMs < b[j].startMs {
                i += 1
            } else {
                j += 1
            }
        }
        return aligned
    }
}
