// SPDX-License-Identifier: Apache-2.0
import NIOCore
import Synchronization

/// The live stream's events and clients: a bounded buffer of the latest events, numbered from 1, and each connected
/// client's position in it.
///
/// Publishing never waits for a client: it appends to the buffer (forgetting the oldest event past `capacity`) and
/// wakes the clients. A client reads from its position at its own pace; one that falls behind the oldest buffered
/// event, or has not taken the previous heartbeat when the next is due, is dropped (its connection closed, counted),
/// and can resume with `Last-Event-ID` while its events are still buffered. Memory is the buffer alone: clients
/// share its frames and hold no queue.
public final class StreamHub: Sendable {
    public struct Settings: Sendable {
        /// Events kept for resuming clients; also how far behind a client may fall before it is dropped.
        public var capacity: Int
        public var heartbeatInterval: Duration
        /// The reconnection delay told to clients (`retry:`).
        public var retryMilliseconds: Int
        /// Events handed to a client's connection in one write, at most.
        public var batchLimit: Int
        /// The shortest time between two publications of the board's readings (``BoardStream``): readings that come
        /// meanwhile go out together, so a burst of them costs each client a few writes rather than one per reading.
        public var publishInterval: Duration

        public init(
            capacity: Int = 10_000, heartbeatInterval: Duration = .seconds(15), retryMilliseconds: Int = 2_000, batchLimit: Int = 256,
            publishInterval: Duration = .milliseconds(10)
        ) {
            self.capacity = max(1, capacity)
            self.heartbeatInterval = heartbeatInterval
            self.retryMilliseconds = retryMilliseconds
            self.batchLimit = max(1, batchLimit)
            self.publishInterval = max(.zero, publishInterval)
        }
    }

    /// Why a client's stream ended.
    public enum End: Sendable, Equatable {
        /// It fell behind the buffer, or stopped taking heartbeats.
        case dropped
        /// The daemon is shutting down.
        case closed
    }

    struct Client {
        var cursor: UInt64
        var heartbeatDue = false
        var end: End?
        var waiter: CheckedContinuation<Void, Never>?
        var endWaiter: CheckedContinuation<End, Never>?
    }

    struct State {
        var ring: [StreamEvent?]
        /// The id of this run's first event.
        let first: UInt64
        var newest: UInt64
        var clients: [Int: Client] = [:]
        var nextClient = 0
        var dropped: UInt64 = 0
        var closed = false

        /// The id of the oldest buffered event; `newest + 1` (the next) when none is.
        var oldest: UInt64 { newest + 1 - min(newest + 1 - first, UInt64(ring.count)) }
    }

    public let settings: Settings
    let state: Mutex<State>

    /// `firstEventID` numbers this run's events from above every id an earlier run can have given (the daemon uses its
    /// start time in microseconds since the epoch), so a client resuming across a restart is told its id is not of this
    /// run instead of being sent from a different event that happens to have its number.
    public init(settings: Settings = Settings(), firstEventID: UInt64 = 1) {
        self.settings = settings
        let first = max(1, firstEventID)
        state = Mutex(State(ring: Array(repeating: nil, count: settings.capacity), first: first, newest: first - 1))
    }

    /// Clients connected now, and clients dropped since the start.
    public var statistics: (clients: Int, dropped: UInt64) {
        state.withLock { state in (state.clients.values.count(where: { $0.end == nil }), state.dropped) }
    }

    /// The id of the latest event; before the first, one less than the first's.
    public var lastEventID: UInt64 { state.withLock { $0.newest } }

    public var isClosed: Bool { state.withLock { $0.closed } }

    /// Appends events, in order, and wakes the clients; drops those the buffer has left behind.
    public func publish(_ events: [(kind: StreamEvent.Kind, data: ByteBuffer)]) {
        guard !events.isEmpty else { return }
        let wake = state.withLock { state -> [Wake] in
            guard !state.closed else { return [] }
            for event in StreamEvent.publication(events, firstID: state.newest + 1) {
                state.newest = event.id
                state.ring[Int(event.id % UInt64(state.ring.count))] = event
            }
            let oldest = state.oldest
            return Self.wakeAll(&state) { client in client.cursor + 1 < oldest ? .dropped : nil }
        }
        Self.resume(wake)
    }

    /// Marks a heartbeat due for every client; one that has not taken the previous one is stalled and dropped.
    public func heartbeat() {
        let wake = state.withLock { state -> [Wake] in
            Self.wakeAll(&state) { client in
                if client.heartbeatDue { return .dropped }
                client.heartbeatDue = true
                return nil
            }
        }
        Self.resume(wake)
    }

    /// Ends every stream and refuses new ones: the daemon is shutting down.
    public func close() {
        let wake = state.withLock { state -> [Wake] in
            state.closed = true
            return Self.wakeAll(&state) { _ in .closed }
        }
        Self.resume(wake)
    }

    enum Wake {
        case next(CheckedContinuation<Void, Never>)
        case end(CheckedContinuation<End, Never>, End)
    }

    /// Applies `change` to every live client (a non-nil result ends it) and takes the continuations to resume.
    private static func wakeAll(_ state: inout State, _ change: (inout Client) -> End?) -> [Wake] {
        var wake: [Wake] = []
        for key in state.clients.keys {
            guard var client = state.clients[key], client.end == nil else { continue }
            if let end = change(&client) {
                client.end = end
                if end == .dropped { state.dropped += 1 }
                if let endWaiter = client.endWaiter { wake.append(.end(endWaiter, end)) }
                client.endWaiter = nil
            }
            if let waiter = client.waiter { wake.append(.next(waiter)) }
            client.waiter = nil
            state.clients[key] = client
        }
        return wake
    }

    static func resume(_ wake: [Wake]) {
        for item in wake {
            switch item {
            case let .next(waiter): waiter.resume()
            case let .end(waiter, end): waiter.resume(returning: end)
            }
        }
    }
}
