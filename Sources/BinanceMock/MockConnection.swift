// SPDX-License-Identifier: Apache-2.0
import Foundation
import NIOCore
import Synchronization

/// The mock's record of one stream connection: what the client asked for, what it was sent, what it sent,
/// and its message rate against Binance's limit.
final class MockConnection: Sendable {
    private struct Record {
        var closedAtMs: Int64?
        var closeReason: String?
        var pingsSent = 0
        var pongsReceived = 0
        var clientMessages = 0
        var tradesSent = 0
        var tradesLost = 0
        var recentMessages: [ContinuousClock.Instant] = []
        var overLimit = false
        var stalledUntil: ContinuousClock.Instant?
        var finalStreams: [String] = []
    }

    let id: Int
    let path: String
    let combined: Bool
    let channel: any Channel
    let openedAtMs: Int64
    private let messageLimit: Int
    private let record = Mutex(Record())
    private let violation: AsyncStream<Void>.Continuation
    /// Yields once when the client goes over the message limit: the session then closes with 1008.
    let violations: AsyncStream<Void>
    private let stopSignal: AsyncStream<Void>.Continuation
    /// Ends when the mock stops gracefully: the session then returns, and the connection closes with a normal close frame.
    let stopRequests: AsyncStream<Void>

    init(id: Int, path: String, combined: Bool, channel: any Channel, messageLimit: Int) {
        self.id = id
        self.path = path
        self.combined = combined
        self.channel = channel
        self.messageLimit = messageLimit
        openedAtMs = nowMs()
        (violations, violation) = AsyncStream.makeStream(of: Void.self)
        (stopRequests, stopSignal) = AsyncStream.makeStream(of: Void.self)
    }

    func requestStop() {
        stopSignal.finish()
    }

    /// Counts one message from the client (any kind) in a sliding one-second window.
    func noteClientMessage() {
        let now = ContinuousClock.now
        let tripped = record.withLock { record -> Bool in
            record.clientMessages += 1
            record.recentMessages.append(now)
            record.recentMessages.removeAll { now - $0 >= .seconds(1) }
            guard record.recentMessages.count > messageLimit, !record.overLimit else { return false }
            record.overLimit = true
            return true
        }
        if tripped {
            violation.yield()
            violation.finish()
        }
    }

    func notePong() {
        record.withLock { $0.pongsReceived += 1 }
    }

    func notePingSent() { record.withLock { $0.pingsSent += 1 } }
    func noteTradeSent() { record.withLock { $0.tradesSent += 1 } }
    func noteTradeLost() { record.withLock { $0.tradesLost += 1 } }

    func stall(for duration: Duration) {
        record.withLock { $0.stalledUntil = ContinuousClock.now + duration }
    }

    var isStalled: Bool {
        record.withLock { record in record.stalledUntil.map { ContinuousClock.now < $0 } ?? false }
    }

    /// Records the close; the first reason given wins.
    func markClosed(_ reason: String) {
        record.withLock { record in
            guard record.closedAtMs == nil else { return }
            record.closedAtMs = nowMs()
            record.closeReason = reason
        }
    }

    /// Keeps the streams the connection had when it ended, for the state of closed connections.
    func keepStreams(_ streams: [String]) {
        record.withLock { $0.finalStreams = streams }
    }

    var isOpen: Bool { record.withLock { $0.closedAtMs == nil } }

    /// The record, with `liveStreams` while open and the kept streams once closed.
    func snapshot(liveStreams: [String]) -> MockState.Connection {
        record.withLock { record in
            let streams = record.closedAtMs == nil ? liveStreams : record.finalStreams
            return MockState.Connection(
                id: id, path: path, combined: combined, streams: streams, openedAtMs: openedAtMs,
                closedAtMs: record.closedAtMs, closeReason: record.closeReason, pingsSent: record.pingsSent,
                pongsReceived: record.pongsReceived, clientMessages: record.clientMessages,
                tradesSent: record.tradesSent, tradesLost: record.tradesLost,
                stalled: record.stalledUntil.map { ContinuousClock.now < $0 } ?? false
            )
        }
    }
}

/// Wall-clock milliseconds since the Unix epoch, the time base of Binance's `T` and `E`.
func nowMs() -> Int64 {
    Int64((Date().timeIntervalSince1970 * 1_000).rounded(.down))
}
