// SPDX-License-Identifier: Apache-2.0
import MarketData

/// Which aggregate trade ids of each symbol have been delivered, and which ones are still to fetch over REST.
///
/// Per symbol it keeps the highest id delivered (starting from the stored one), the holes below it (ids skipped by
/// the stream) and whether the range above it is still open after a reconnect ("catching up": nothing is known
/// about the trades between the last delivered one and the new connection's first one). Every trade, from the
/// stream or from REST, passes `accept`, which delivers an id at most once: an id above the highest, or one inside a
/// hole. Keeping holes rather than only the highest id is what lets a late backfill (or the old connection of a
/// rotation) fill a range after the stream has moved past it.
struct GapTracker: Sendable {
    struct SymbolState: Sendable, Equatable {
        var highest: Int64?
        /// Sorted, disjoint ranges below `highest` not delivered yet.
        var missing: [ClosedRange<Int64>] = []
        /// After a reconnect: the ids above `highest` up to the new stream's first trade are unknown.
        var catchingUp = false
        /// For a symbol that had no id: the wall time its first connection opened, from which its trades are kept.
        var startMs: Int64?
        /// The first id from `startMs` on is still to look up over REST: what reached the stream before its first
        /// delivered trade (a connection that ended unread, a subscription not yet in place) is known only there.
        var startUnresolved = false
        /// A connection ended before the symbol's first trade: the lookup need not wait for one.
        var endedBeforeFirstTrade = false
        /// The first id delivered when none was known before, the bound of the ids the lookup may add.
        var firstDelivered: Int64?
    }

    /// What a REST page did: the trades to deliver and the ids REST no longer has (older than its history).
    struct Absorbed: Sendable, Equatable {
        var deliver: [Trade] = []
        var lost: [ClosedRange<Int64>] = []
        /// Whether the page changed anything; a page that did not is retried later rather than at once.
        var progressed = false
    }

    private(set) var states: [String: SymbolState] = [:]

    init(symbols: [String], resumeFrom: [String: Int64]) {
        for symbol in symbols { states[symbol] = SymbolState(highest: resumeFrom[symbol]) }
    }

    /// After a (re)connect, at `atMs` of the wall clock, of the connection carrying `symbols`: the trades since the
    /// last delivered one are to fetch. A symbol with no id yet keeps its trades from its first connection's opening
    /// on, so the first id since then is to look up over REST once the stream delivered a trade (or a connection
    /// ended before it did): frames the server sent before the stream's first delivered one may never have been
    /// read (a watchdog that found a starved process silent throws them away) or never sent (a subscription that
    /// was not in place yet).
    mutating func reconnected(_ symbols: [String], atMs: Int64) {
        for symbol in symbols {
            guard var state = states[symbol] else { continue }
            if state.startMs == nil, state.highest == nil {
                state.startMs = atMs
                state.startUnresolved = true
            } else if state.highest == nil {
                state.endedBeforeFirstTrade = true
            } else {
                state.catchingUp = true
            }
            states[symbol] = state
        }
    }

    /// The wall time from which the first id of `symbol` is to look up, nil when none is to yet.
    func startToResolve(symbol: String) -> Int64? {
        guard let state = states[symbol], state.startUnresolved else { return nil }
        return state.firstDelivered != nil || state.endedBeforeFirstTrade ? state.startMs : nil
    }

    /// Takes the first id at or after the symbol's start: the ids from it up to the first delivered one are to fetch.
    /// Nil (REST has none yet) leaves the lookup for later: for after the stream's first trade when none came yet.
    mutating func resolveStart(symbol: String, firstID: Int64?) {
        guard var state = states[symbol], state.startUnresolved else { return }
        defer { states[symbol] = state }
        guard let firstID else {
            state.endedBeforeFirstTrade = false
            return
        }
        state.startUnresolved = false
        guard let first = state.firstDelivered else {
            // Nothing delivered yet: everything from the start on is to fetch.
            state.highest = firstID - 1
            state.catchingUp = true
            return
        }
        // Holes are all above the first delivered id: this one goes first.
        if firstID < first { state.missing.insert(firstID...first - 1, at: 0) }
    }

    /// Gives up looking up the start of `symbol` (REST keeps having no trade since it); its trades are kept from the
    /// first delivered one on.
    mutating func giveUpStart(symbol: String) {
        states[symbol]?.startUnresolved = false
    }

    /// Whether a trade that arrived on a stream is new; records a hole when it skips ids.
    mutating func acceptStream(symbol: String, id: Int64) -> Bool {
        var state = states[symbol] ?? SymbolState()
        defer { states[symbol] = state }
        // Any stream trade bounds the open range: the stream is contiguous from here on.
        state.catchingUp = false
        guard let highest = state.highest else {
            state.highest = id
            state.firstDelivered = id
            return true
        }
        if id > highest {
            if id > highest + 1 { state.missing.append(highest + 1...id - 1) }
            state.highest = id
            return true
        }
        return Self.remove(id...id, from: &state.missing).isEmpty == false
    }

    /// The id the next REST page of `symbol` should start at, nil when nothing is to fetch.
    func nextFetch(symbol: String) -> Int64? {
        guard let state = states[symbol] else { return nil }
        if let first = state.missing.first { return first.lowerBound }
        if state.catchingUp, let highest = state.highest { return highest + 1 }
        return nil
    }

    /// Whether `symbol` has something to fetch or look up.
    func wantsFetch(symbol: String) -> Bool {
        nextFetch(symbol: symbol) != nil || startToResolve(symbol: symbol) != nil
    }

    /// The symbols with something to fetch or look up, in name order.
    var symbolsToFetch: [String] {
        states.keys.filter(wantsFetch).sorted()
    }

    /// Takes a REST page of `symbol` requested from `fromId` (`full`: it held the page limit).
    mutating func absorb(_ page: [Trade], symbol: String, fromId: Int64, full: Bool) -> Absorbed {
        var state = states[symbol] ?? SymbolState()
        defer { states[symbol] = state }
        var result = Absorbed()
        guard let first = page.first?.tradeID else {
            // REST has nothing at or after fromId (never above the highest + 1): nothing more to catch up; a hole REST
            // does not have yet stays for a later try.
            result.progressed = state.catchingUp
            state.catchingUp = false
            return result
        }
        if first > fromId {
            result.lost = Self.lose(fromId...first - 1, in: &state)
            result.progressed = true
        }
        for trade in page where Self.acceptREST(id: trade.tradeID, state: &state) {
            result.deliver.append(trade)
        }
        if !result.deliver.isEmpty { result.progressed = true }
        // A short page holds the newest trades REST has: the open range is covered.
        if !full, state.catchingUp {
            state.catchingUp = false
            result.progressed = true
        }
        return result
    }

    /// Gives up ids that REST cannot provide (e.g. after repeated empty pages), returning them.
    mutating func giveUp(symbol: String, range: ClosedRange<Int64>) -> [ClosedRange<Int64>] {
        guard var state = states[symbol] else { return [] }
        defer { states[symbol] = state }
        return Self.lose(range, in: &state)
    }

    /// A REST trade is new when it is above the highest id or fills a hole; ids REST skips do not exist.
    private static func acceptREST(id: Int64, state: inout SymbolState) -> Bool {
        guard let highest = state.highest, id <= highest else {
            state.highest = id
            return true
        }
        return !remove(id...id, from: &state.missing).isEmpty
    }

    /// Marks `range` as never to be delivered: the holes inside it and, while catching up, the ids above the highest.
    private static func lose(_ range: ClosedRange<Int64>, in state: inout SymbolState) -> [ClosedRange<Int64>] {
        var lost = remove(range, from: &state.missing)
        if state.catchingUp, let highest = state.highest, range.upperBound > highest {
            lost.append(max(range.lowerBound, highest + 1)...range.upperBound)
            state.highest = range.upperBound
        }
        return lost
    }

    /// Removes `range` from the sorted disjoint `ranges`; returns the parts that were in them.
    static func remove(_ range: ClosedRange<Int64>, from ranges: inout [ClosedRange<Int64>]) -> [ClosedRange<Int64>] {
        var kept: [ClosedRange<Int64>] = []
        var removed: [ClosedRange<Int64>] = []
        for existing in ranges {
            guard existing.overlaps(range) else {
                kept.append(existing)
                continue
            }
            removed.append(existing.clamped(to: range))
            if existing.lowerBound < range.lowerBound { kept.append(existing.lowerBound...range.lowerBound - 1) }
            if existing.upperBound > range.upperBound { kept.append(range.upperBound + 1...existing.upperBound) }
        }
        ranges = kept
        return removed
    }
}
