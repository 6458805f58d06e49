// SPDX-License-Identifier: Apache-2.0

/// Synthetic trade ids for seed rows, which carry no exchange id: `time_ms × 1000 + k`, where k (0…999) counts
/// the earlier rows of the same symbol and millisecond in the same file.
///
/// The id depends only on the file's content, so importing a file again yields the same ids and inserts nothing,
/// and two rows of one file never share an id. Limits, each refused with an error rather than risking a
/// collision: at most 1000 trades of one symbol in one millisecond; and, so that memory stays flat on any file
/// size, once a file has more than 262,144 distinct (symbol, millisecond) pairs the counts of milliseconds more
/// than one minute older than the latest row are forgotten, and a later row older than that is refused. Rows
/// within a minute of each other may come in any order. A millisecond of one symbol split across two files gets
/// the same ids in both, so the rows of one millisecond belong in one file.
struct SeedTradeIDs {
    static let perMillisecond: Int64 = 1_000
    static let horizonMs: Int64 = 60_000
    private static let initialCapacity = 1 << 18

    private struct Key: Hashable {
        let symbol: Int
        let timeMs: Int64
    }

    enum Refusal: Error, Equatable {
        case crowded
        case forgotten(beforeMs: Int64)
    }

    private var symbols: [String: Int] = [:]
    private var counts: [Key: Int64] = [:]
    private var latestMs = Int64.min
    private var forgottenBeforeMs = Int64.min
    private var capacity = initialCapacity

    /// The id of the next row of `symbol` at `timeMs`; `timeMs × 1000` must not overflow (the caller checks).
    mutating func next(symbol: String, timeMs: Int64) -> Result<Int64, Refusal> {
        guard timeMs >= forgottenBeforeMs else { return .failure(.forgotten(beforeMs: forgottenBeforeMs)) }
        let index = symbols[symbol] ?? intern(symbol)
        let key = Key(symbol: index, timeMs: timeMs)
        let ordinal = counts[key, default: 0]
        guard ordinal < Self.perMillisecond else { return .failure(.crowded) }
        counts[key] = ordinal + 1
        latestMs = max(latestMs, timeMs)
        if counts.count > capacity { forgetOld() }
        return .success(timeMs * Self.perMillisecond + ordinal)
    }

    private mutating func intern(_ symbol: String) -> Int {
        let index = symbols.count
        symbols[symbol] = index
        return index
    }

    /// Drops counts older than the horizon; the capacity grows with what is left so pruning stays amortised O(1).
    private mutating func forgetOld() {
        forgottenBeforeMs = max(forgottenBeforeMs, latestMs - Self.horizonMs)
        let horizon = forgottenBeforeMs
        counts = counts.filter { $0.key.timeMs >= horizon }
        capacity = max(Self.initialCapacity, 2 * counts.count)
    }
}
