// SPDX-License-Identifier: Apache-2.0

/// Trade ids of one symbol whose bars may still be open, so a trade delivered twice (a backfill overlapping the
/// stream, two feeds carrying the same trades) adds to its bar once, as storage keeps it once.
///
/// Ids are grouped in buckets as long as the longest timeframe, dropped once every timeframe of the symbol has
/// closed past them: a repeat after that is a late trade, and late intervals are rebuilt from the stored,
/// de-duplicated trades, so memory stays bounded by the trades of the open bars.
struct SeenTrades {
    private var buckets: [Int64: SeenIDs] = [:]
    let spanMs: Int64

    init(spanMs: Int64) {
        self.spanMs = spanMs
    }

    /// Records the trade; false when its id was already seen at this time.
    mutating func insert(_ trade: Trade) -> Bool {
        let bucket = trade.timeMs - ((trade.timeMs % spanMs) + spanMs) % spanMs
        return buckets[bucket, default: SeenIDs()].insert(trade.tradeID)
    }

    /// Forgets the buckets that end at or before `timeMs`.
    mutating func forget(before timeMs: Int64) {
        guard buckets.keys.contains(where: { $0 + spanMs <= timeMs }) else { return }
        buckets = buckets.filter { $0.key + spanMs > timeMs }
    }
}

/// A set of trade ids shaped for how they arrive: nearly always each above the previous, usually by one.
///
/// Ids above every one seen extend or start a run of consecutive ids, without hashing (a `Set<Int64>` insert per trade
/// was the resampler's largest cost at replay rates, measured with `perf`); the rare id below the newest run is looked
/// up in the runs by binary search and otherwise kept in a hash set, so any order stays correct and fast.
struct SeenIDs {
    /// Disjoint, ascending; only the last one grows.
    private var runs: [ClosedRange<Int64>] = []
    /// Ids that arrived below the last run's upper bound and were in no run.
    private var scattered: Set<Int64> = []

    /// Adds `id`; false when it was there already.
    mutating func insert(_ id: Int64) -> Bool {
        guard let last = runs.last, id <= last.upperBound else {
            if let last = runs.last, id == last.upperBound + 1 {
                runs[runs.count - 1] = last.lowerBound...id
            } else {
                runs.append(id...id)
            }
            return true
        }
        if contains(id) { return false }
        return scattered.insert(id).inserted
    }

    /// Whether a run holds `id`.
    private func contains(_ id: Int64) -> Bool {
        var (low, high) = (0, runs.count)
        while low < high {
            let middle = (low + high) / 2
            if runs[middle].upperBound < id { low = middle + 1 } else { high = middle }
        }
        return low < runs.count && runs[low].contains(id)
    }
}
