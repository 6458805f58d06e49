// SPDX-License-Identifier: Apache-2.0
import NIOCore

/// One client of the ``StreamHub``: its frames are read with ``next()`` until the stream ends.
public final class StreamSubscription: Sendable {
    /// What the client is told first when it asked to resume from an event the hub no longer has, or never had:
    /// the data of a `reset` event.
    public struct Reset: Sendable, Equatable, Encodable {
        /// The `Last-Event-ID` asked for.
        public var lastEventID: UInt64
        /// Events after it that are no longer buffered; nil when the id is not one of this run's (an earlier run's, or
        /// none yet given).
        public var lost: UInt64?
        /// The first event id this stream will carry.
        public var nextEventID: UInt64

        enum CodingKeys: String, CodingKey {
            case lastEventID = "last_event_id", lost, nextEventID = "next_event_id"
        }

        public func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(lastEventID, forKey: .lastEventID)
            try container.encode(lost, forKey: .lost)
            try container.encode(nextEventID, forKey: .nextEventID)
        }
    }

    let hub: StreamHub
    let id: Int
    public let reset: Reset?

    init(hub: StreamHub, id: Int, reset: Reset?) {
        self.hub = hub
        self.id = id
        self.reset = reset
    }

    /// The next frames to write, as one buffer (buffered events, up to the hub's `batchLimit`, then a heartbeat if
    /// one is due), waiting until there are some; nil once the stream has ended or the task is cancelled.
    public func next() async -> ByteBuffer? {
        while !Task.isCancelled {
            switch hub.take(id) {
            case let .frames(frames): return frames
            case .ended: return nil
            case .empty: await hub.waitForFrames(id)
            }
        }
        return nil
    }

    /// Returns why the stream ended, once it has; `.closed` if the task is cancelled first.
    public func ended() async -> StreamHub.End {
        await hub.waitForEnd(id)
    }

    /// Leaves the hub; the connection is gone.
    public func cancel() {
        hub.unsubscribe(id)
    }
}

extension StreamHub {
    /// A new client reading from after `lastEventID` (every event still buffered after it), or from now on when nil;
    /// nil when the hub is closed.
    public func subscribe(after lastEventID: UInt64?) -> StreamSubscription? {
        state.withLock { state -> StreamSubscription? in
            guard !state.closed else { return nil }
            var cursor = state.newest
            var reset: StreamSubscription.Reset?
            if let lastEventID {
                if lastEventID > state.newest {
                    reset = .init(lastEventID: lastEventID, lost: nil, nextEventID: state.newest + 1)
                } else if lastEventID + 1 < state.first {
                    // An earlier run's: every event of this one still buffered is new to the client.
                    cursor = state.oldest - 1
                    reset = .init(lastEventID: lastEventID, lost: nil, nextEventID: state.oldest)
                } else if lastEventID + 1 < state.oldest {
                    cursor = state.oldest - 1
                    reset = .init(lastEventID: lastEventID, lost: state.oldest - 1 - lastEventID, nextEventID: state.oldest)
                } else {
                    cursor = lastEventID
                }
            }
            let id = state.nextClient
            state.nextClient += 1
            state.clients[id] = Client(cursor: cursor)
            return StreamSubscription(hub: self, id: id, reset: reset)
        }
    }

    enum Take {
        case frames(ByteBuffer)
        case empty
        case ended
    }

    func take(_ id: Int) -> Take {
        let taken = state.withLock { state -> (events: [StreamEvent], heartbeat: Bool)? in
            guard var client = state.clients[id], client.end == nil else { return nil }
            var events: [StreamEvent] = []
            let last = min(state.newest, client.cursor + UInt64(settings.batchLimit))
            if client.cursor < last {
                events.reserveCapacity(Int(last - client.cursor))
                for eventID in (client.cursor + 1)...last {
                    if let event = state.ring[Int(eventID % UInt64(state.ring.count))] { events.append(event) }
                }
                client.cursor = last
            }
            let heartbeat = client.heartbeatDue
            client.heartbeatDue = false
            state.clients[id] = client
            return (events, heartbeat)
        }
        guard let taken else { return .ended }
        // Framed outside the lock: a client that fell behind several publications gets a copy of them.
        var frames = StreamEvent.frames(taken.events)
        if taken.heartbeat {
            frames = frames.map { events in
                var both = events
                both.writeImmutableBuffer(StreamFrames.heartbeat)
                return both
            } ?? StreamFrames.heartbeat
        }
        return frames.map(Take.frames) ?? .empty
    }

    func waitForFrames(_ id: Int) async {
        await withTaskCancellationHandler {
            await withCheckedContinuation { continuation in
                let now = state.withLock { state -> Bool in
                    guard var client = state.clients[id], client.end == nil, !Task.isCancelled else { return true }
                    if client.cursor < state.newest || client.heartbeatDue { return true }
                    client.waiter = continuation
                    state.clients[id] = client
                    return false
                }
                if now { continuation.resume() }
            }
        } onCancel: {
            let waiter = state.withLock { state in
                defer { state.clients[id]?.waiter = nil }
                return state.clients[id]?.waiter
            }
            waiter?.resume()
        }
    }

    func waitForEnd(_ id: Int) async -> End {
        await withTaskCancellationHandler {
            await withCheckedContinuation { continuation in
                let now = state.withLock { state -> End? in
                    guard var client = state.clients[id] else { return .closed }
                    if let end = client.end { return end }
                    if Task.isCancelled { return .closed }
                    client.endWaiter = continuation
                    state.clients[id] = client
                    return nil
                }
                if let now { continuation.resume(returning: now) }
            }
        } onCancel: {
            let waiter = state.withLock { state in
                defer { state.clients[id]?.endWaiter = nil }
                return state.clients[id]?.endWaiter
            }
            waiter?.resume(returning: .closed)
        }
    }

    func unsubscribe(_ id: Int) {
        let client = state.withLock { $0.clients.removeValue(forKey: id) }
        client?.waiter?.resume()
        client?.endWaiter?.resume(returning: .closed)
    }
}
