// SPDX-License-Identifier: Apache-2.0

/// Trade ids of one symbol whose bars may still be open, so a trade delivered twice (a backfill overlapping the
/// stream, two feeds carrying the same trades) adds to its bar once, as storage keeps it once.
///
/// Ids are grouped in buckets as long as the longest timeframe, dropped once every timeframe of the symbol has
/// closed past them: a repeat after that is a late trade, and late intervals are rebuilt from the stored,
/// de-duplicated trades, so memory stays bounded by the trades of the open bars.
struct SeenTrades {
    private var buckets: [Int64: Set<Int64>] = [:]
    let spanMs: Int64

    init(spanMs: Int64) {
        self.spanMs = spanMs
    }

    /// Records the trade; false when its id was already seen at this time.
    mutating func insert(_ trade: Trade) -> Bool {
        let bucket = trade.timeMs - ((trade.timeMs % spanMs) + spanMs) % spanMs
        return buckets[bucket, default: []].insert(trade.tradeID).inserted
    }

    /// Forgets the buckets that end at or before `timeMs`.
    mutating func forget(before timeMs: Int64) {
        guard buckets.keys.contains(where: { $0 + spanMs <= timeMs }) else { return }
        buckets = buckets.filter { $0.key + spanMs > timeMs }
    }
}
