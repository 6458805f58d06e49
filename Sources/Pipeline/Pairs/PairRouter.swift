// SPDX-License-Identifier: Apache-2.0
import MarketData
import Storage

/// Turns the stream of closed bars into the intervals at which both legs of a pair series have closed.
///
/// Each leg's bars arrive gapless and in time order (quiet intervals are carried bars), but the two legs of an
/// interval arrive one after the other, and a leg may start later than the other (its first trade came later). A
/// leg's bars wait until the other leg's bar of the same interval arrives; a waiting bar older than the other
/// leg's newest can never pair and is dropped. At most `limit` bars wait per leg: a leg that never trades does not
/// make the other one's queue grow.
struct PairRouter {
    private struct Waiting {
        var a: [BarClose] = []
        var b: [BarClose] = []
    }

    private var legs: [Leg: [(series: PairSeries, isA: Bool)]] = [:]
    private var waiting: [PairSeries: Waiting] = [:]
    private let limit: Int

    init(limit: Int = 1_024) {
        self.limit = limit
    }

    mutating func add(_ series: PairSeries) {
        guard waiting[series] == nil else { return }
        waiting[series] = Waiting()
        legs[series.legs.a, default: []].append((series, true))
        legs[series.legs.b, default: []].append((series, false))
    }

    mutating func remove(_ series: PairSeries) {
        guard waiting.removeValue(forKey: series) != nil else { return }
        for key in [series.legs.a, series.legs.b] {
            legs[key]?.removeAll { $0.series == series }
            if legs[key]?.isEmpty == true { legs[key] = nil }
        }
    }

    /// The pair intervals that `bar` completes.
    mutating func route(_ bar: Bar) -> [(PairSeries, PairCloses)] {
        guard let targets = legs[Leg(symbol: bar.symbol, timeframe: bar.timeframe)] else { return [] }
        var completed: [(PairSeries, PairCloses)] = []
        for (series, isA) in targets {
            guard var queues = waiting[series] else { continue }
            let close = BarClose(startMs: bar.startMs, close: bar.close)
            if isA { queues.a.append(close) } else { queues.b.append(close) }
            while let a = queues.a.first, let b = queues.b.first {
                if a.startMs == b.startMs {
                    completed.append((series, PairCloses(startMs: a.startMs, a: a.close, b: b.close)))
                    queues.a.removeFirst()
                    queues.b.removeFirst()
                } else if a.startMs < b.startMs {
                    queues.a.removeFirst()
                } else {
                    queues.b.removeFirst()
                }
            }
            if queues.a.count > limit { queues.a.removeFirst(queues.a.count - limit) }
            if queues.b.count > limit { queues.b.removeFirst(queues.b.count - limit) }
            waiting[series] = queues
        }
        return completed
    }
}
