// SPDX-License-Identifier: Apache-2.0
import MarketData
import Synchronization

/// Bars as they close, for whatever computes on them (the pair monitor): every subscriber gets each bar once per
/// symbol, timeframe and interval, in the order the resampler closed them. A bar that a late trade changes later is
/// rebuilt in storage and not published again; its leg is noted in ``RebuiltBars`` instead.
///
/// Back-pressure instead of an unbounded queue: `publish` appends under the resampler's lock (so bars closed by
/// trades and by the wall clock keep their order) and never blocks, and the publisher then awaits ``waitForRoom()``,
/// which holds it while any subscriber has more than `capacity` bars unread. A subscriber therefore holds at most
/// `capacity` bars plus the batches of the publishers already past that check (a feed's batch, a ticker's step).
public final class BarEvents: Sendable {
    /// Unread bars per subscriber before publishers wait: a second of 1s bars for 65,536 symbol × timeframe series.
    public static let defaultCapacity = 65_536

    private let subscribers = Mutex<[BarSubscription]>([])
    private let capacity: Int

    public init(capacity: Int = BarEvents.defaultCapacity) {
        self.capacity = max(capacity, 1)
    }

    /// The bars that close from now on; the sequence ends with `finish()` or the subscription's `cancel()`.
    public func subscribe() -> BarSubscription {
        let subscription = BarSubscription(capacity: capacity)
        subscribers.withLock { $0.append(subscription) }
        return subscription
    }

    /// Hands bars to every subscriber, dropping those that stopped listening; never waits.
    func publish(_ bars: [Bar]) {
        guard !bars.isEmpty else { return }
        subscribers.withLock { subscribers in
            subscribers.removeAll { !$0.append(bars) }
        }
    }

    /// Returns once every subscriber has at most `capacity` unread bars.
    public func waitForRoom() async {
        for subscription in subscribers.withLock({ $0 }) { await subscription.waitForRoom() }
    }

    /// Ends every subscriber's sequence (at shutdown) once its unread bars are read.
    public func finish() {
        let ended = subscribers.withLock { subscribers in
            defer { subscribers.removeAll() }
            return subscribers
        }
        for subscription in ended { subscription.finish() }
    }
}

/// One subscriber's queue of closed bars, read as an `AsyncSequence`.
public final class BarSubscription: AsyncSequence, Sendable {
    public typealias Element = Bar

    private struct State {
        var buffer: [Bar] = []
        var head = 0
        var finished = false
        var cancelled = false
        var reader: CheckedContinuation<Bar?, Never>?
        var roomWaiters: [CheckedContinuation<Void, Never>] = []
        var unread: Int { buffer.count - head }
    }

    private let state = Mutex(State())
    private let capacity: Int

    init(capacity: Int) {
        self.capacity = capacity
    }

    /// Bars published and not read yet.
    public var unread: Int { state.withLock { $0.unread } }

    /// Stops the subscription: the reader gets nil and publishers never wait for it again.
    public func cancel() {
        let (reader, waiters) = state.withLock { state in
            state.cancelled = true
            state.buffer = []
            state.head = 0
            defer { (state.reader, state.roomWaiters) = (nil, []) }
            return (state.reader, state.roomWaiters)
        }
        reader?.resume(returning: nil)
        for waiter in waiters { waiter.resume() }
    }

    /// False once cancelled, so the publisher forgets it.
    fileprivate func append(_ bars: [Bar]) -> Bool {
        let (alive, reader, first) = state.withLock { state -> (Bool, CheckedContinuation<Bar?, Never>?, Bar?) in
            guard !state.cancelled else { return (false, nil, nil) }
            guard let reader = state.reader else {
                state.buffer += bars
                return (true, nil, nil)
            }
            state.reader = nil
            state.buffer += bars.dropFirst()
            return (true, reader, bars.first)
        }
        reader?.resume(returning: first)
        return alive
    }

    fileprivate func finish() {
        let reader = state.withLock { state in
            state.finished = true
            defer { state.reader = nil }
            return state.reader
        }
        reader?.resume(returning: nil)
    }

    fileprivate func waitForRoom() async {
        await withCheckedContinuation { continuation in
            let ready = state.withLock { state in
                guard state.unread > capacity, !state.cancelled else { return true }
                state.roomWaiters.append(continuation)
                return false
            }
            if ready { continuation.resume() }
        }
    }

    /// The next bar, or nil once finished and drained or cancelled.
    func next() async -> Bar? {
        await withTaskCancellationHandler {
            await withCheckedContinuation { continuation in
                let (bar, waiters, resumeNow) = state.withLock { state -> (Bar?, [CheckedContinuation<Void, Never>], Bool) in
                    if state.unread > 0 {
                        let bar = state.buffer[state.head]
                        state.head += 1
                        // Compact once the read part is half the buffer: amortised O(1) per bar.
                        if state.head * 2 >= state.buffer.count {
                            state.buffer.removeFirst(state.head)
                            state.head = 0
                        }
                        var waiters: [CheckedContinuation<Void, Never>] = []
                        if state.unread <= capacity { swap(&waiters, &state.roomWaiters) }
                        return (bar, waiters, true)
                    }
                    if state.finished || state.cancelled { return (nil, [], true) }
                    state.reader = continuation
                    return (nil, [], false)
                }
                for waiter in waiters { waiter.resume() }
                if resumeNow { continuation.resume(returning: bar) }
            }
        } onCancel: {
            cancel()
        }
    }

    public struct AsyncIterator: AsyncIteratorProtocol {
        let subscription: BarSubscription
        public mutating func next() async -> Bar? { await subscription.next() }
    }

    public func makeAsyncIterator() -> AsyncIterator { AsyncIterator(subscription: self) }
}
