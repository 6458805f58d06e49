// SPDX-License-Identifier: Apache-2.0
import MarketData
import Synchronization

/// Where every connection and the backfill put their trades, and where the one delivery loop takes them from.
///
/// Each trade passes the `GapTracker` under the same lock that queues it, so "new or duplicate" and "queued" are one
/// step and no id is queued twice. The delivery loop takes everything queued at once: while the handler is busy,
/// the frames that arrive meanwhile become the next batch, and an idle handler gets each frame at once. Past
/// `maxPending` queued trades the producers wait (`waitForRoom()`), so a stuck handler holds the sockets back
/// instead of filling memory.
final class DeliveryQueue: Sendable {
    private struct State {
        var tracker: GapTracker
        var pending: [Trade] = []
        var consumer: CheckedContinuation<[Trade], any Error>?
        var roomWaiters: [Int: CheckedContinuation<Void, Never>] = [:]
        var nextWaiter = 0
    }

    private let state: Mutex<State>
    private let maxPending: Int
    /// Ticks when there may be something to fetch over REST; the backfill waits on it.
    let backfillWanted: AsyncStream<Void>
    private let backfillSignal: AsyncStream<Void>.Continuation

    init(tracker: GapTracker, maxPending: Int = 100_000) {
        state = Mutex(State(tracker: tracker))
        self.maxPending = maxPending
        (backfillWanted, backfillSignal) = AsyncStream.makeStream(of: Void.self, bufferingPolicy: .bufferingNewest(1))
    }

    /// Queues the trades of a stream frame that are new; returns how many were.
    @discardableResult
    func offerStream(_ trades: [Trade]) -> Int {
        let (consumer, batch, accepted, wantsFetch) = state.withLock { state in
            var accepted = 0
            var wantsFetch = false
            for trade in trades where state.tracker.acceptStream(symbol: trade.symbol, id: trade.tradeID) {
                state.pending.append(trade)
                accepted += 1
                if !wantsFetch, state.tracker.wantsFetch(symbol: trade.symbol) { wantsFetch = true }
            }
            let (consumer, batch) = Self.handOver(&state)
            return (consumer, batch, accepted, wantsFetch)
        }
        consumer?.resume(returning: Self.inIDOrder(batch))
        if wantsFetch { backfillSignal.yield() }
        return accepted
    }

    /// A connection of `symbols` (re)opened at `atMs` (wall clock): the trades since the last delivered ones are to
    /// fetch.
    func reconnected(_ symbols: [String], atMs: Int64) {
        state.withLock { $0.tracker.reconnected(symbols, atMs: atMs) }
        backfillSignal.yield()
    }

    func startToResolve(symbol: String) -> Int64? {
        state.withLock { $0.tracker.startToResolve(symbol: symbol) }
    }

    func resolveStart(symbol: String, firstID: Int64?) {
        state.withLock { $0.tracker.resolveStart(symbol: symbol, firstID: firstID) }
    }

    func giveUpStart(symbol: String) {
        state.withLock { $0.tracker.giveUpStart(symbol: symbol) }
    }

    func nextFetch(symbol: String) -> Int64? {
        state.withLock { $0.tracker.nextFetch(symbol: symbol) }
    }

    func firstHole(symbol: String) -> ClosedRange<Int64>? {
        state.withLock { $0.tracker.states[symbol]?.missing.first }
    }

    var symbolsToFetch: [String] {
        state.withLock { $0.tracker.symbolsToFetch }
    }

    /// Passes a REST page through the tracker and queues its new trades.
    func absorb(_ page: [Trade], symbol: String, fromId: Int64, full: Bool) -> GapTracker.Absorbed {
        let (consumer, batch, absorbed) = state.withLock { state in
            let absorbed = state.tracker.absorb(page, symbol: symbol, fromId: fromId, full: full)
            state.pending.append(contentsOf: absorbed.deliver)
            let (consumer, batch) = Self.handOver(&state)
            return (consumer, batch, absorbed)
        }
        consumer?.resume(returning: Self.inIDOrder(batch))
        return absorbed
    }

    func giveUp(symbol: String, range: ClosedRange<Int64>) -> [ClosedRange<Int64>] {
        state.withLock { $0.tracker.giveUp(symbol: symbol, range: range) }
    }

    /// The highest id delivered of each symbol (for logs and tests).
    var highestDelivered: [String: Int64] {
        state.withLock { $0.tracker.states.compactMapValues(\.highest) }
    }

    /// Waits for trades and takes every one queued.
    func next() async throws -> [Trade] {
        try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<[Trade], any Error>) in
                let (ready, waiters) = state.withLock { state -> (Result<[Trade], any Error>?, [CheckedContinuation<Void, Never>]) in
                    if Task.isCancelled { return (.failure(CancellationError()), []) }
                    if !state.pending.isEmpty {
                        defer { state.pending = [] }
                        return (.success(Self.inIDOrder(state.pending)), Self.takeRoomWaiters(&state))
                    }
                    state.consumer = continuation
                    return (nil, [])
                }
                if let ready { continuation.resume(with: ready) }
                for waiter in waiters { waiter.resume() }
            }
        } onCancel: {
            let consumer = state.withLock { state -> CheckedContinuation<[Trade], any Error>? in
                defer { state.consumer = nil }
                return state.consumer
            }
            consumer?.resume(throwing: CancellationError())
        }
    }

    /// Returns at once while fewer than `maxPending` trades wait for the handler, else once the handler took them
    /// (or the task is cancelled).
    func waitForRoom() async {
        let id = state.withLock { state -> Int? in
            guard state.pending.count >= maxPending else { return nil }
            defer { state.nextWaiter += 1 }
            return state.nextWaiter
        }
        guard let id else { return }
        await withTaskCancellationHandler {
            await withCheckedContinuation { continuation in
                let now = state.withLock { state -> Bool in
                    if Task.isCancelled || state.pending.count < maxPending { return true }
                    state.roomWaiters[id] = continuation
                    return false
                }
                if now { continuation.resume() }
            }
        } onCancel: {
            state.withLock { $0.roomWaiters.removeValue(forKey: id) }?.resume()
        }
    }

    private static func takeRoomWaiters(_ state: inout State) -> [CheckedContinuation<Void, Never>] {
        defer { state.roomWaiters = [:] }
        return Array(state.roomWaiters.values)
    }

    /// The batch with each symbol's trades in id order: a frame the server sent late, or a backfilled trade queued
    /// after newer stream trades, takes its place when it lands in the same batch. Already ordered batches (the usual
    /// case) are returned as they are.
    static func inIDOrder(_ batch: [Trade]) -> [Trade] {
        var last: [String: Int64] = [:]
        var ordered = true
        for trade in batch {
            if let previous = last[trade.symbol], previous > trade.tradeID {
                ordered = false
                break
            }
            last[trade.symbol] = trade.tradeID
        }
        guard !ordered else { return batch }
        // Stable per symbol; the order between symbols carries no meaning.
        return batch.enumerated().sorted { ($0.element.symbol, $0.element.tradeID, $0.offset) < ($1.element.symbol, $1.element.tradeID, $1.offset) }
            .map(\.element)
    }

    /// Gives the queued trades to a waiting consumer, if there is one and there is something to give.
    private static func handOver(_ state: inout State) -> (CheckedContinuation<[Trade], any Error>?, [Trade]) {
        guard let consumer = state.consumer, !state.pending.isEmpty else { return (nil, []) }
        defer {
            state.consumer = nil
            state.pending = []
        }
        return (consumer, state.pending)
    }
}
