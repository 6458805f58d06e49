// SPDX-License-Identifier: Apache-2.0
import Foundation

/// The bytes of a trade file arriving from elsewhere (an HTTP request body), handed from the task that receives
/// them to the thread an import parses on. At most `capacity` chunks wait, and the sender is suspended (never
/// blocked) while they do, so memory stays flat whatever the size of the file.
///
/// The import fails when no chunk arrives for `stallTimeout`: it holds the database's write transaction while it
/// waits, and a client that stops sending must not keep the daemon's own writer waiting behind it.
public final class TradeByteStream: @unchecked Sendable {  // every stored property but the constants is guarded by `condition`
    /// Why a stream ended early, as the import reports it.
    public struct Failure: Error, Sendable, CustomStringConvertible {
        public let description: String

        public init(_ description: String) {
            self.description = description
        }

        public static let stalled = Failure("no bytes arrived for too long")
    }

    private let condition = NSCondition()
    private let capacity: Int
    private let stallTimeout: Duration
    private var chunks: [[UInt8]] = []
    private var head = 0
    private var finished = false
    private var failure: (any Error)?
    private var cancelled = false
    private var waitingSender: CheckedContinuation<Void, Never>?

    public init(capacity: Int = 16, stallTimeout: Duration = .seconds(10)) {
        self.capacity = max(capacity, 1)
        self.stallTimeout = stallTimeout
    }

    /// Sender: queues `bytes`, waiting while the stream is full; false once the import has stopped reading, so the
    /// sender can stop too.
    public func send(_ bytes: [UInt8]) async -> Bool {
        while true {
            let outcome: Bool? = lock { () -> Bool? in
                if cancelled || finished { return false }
                guard chunks.count - head < capacity else { return nil }
                chunks.append(bytes)
                condition.broadcast()
                return true
            }
            if let outcome { return outcome }
            await withCheckedContinuation { continuation in
                let resumeNow = lock { () -> Bool in
                    if cancelled || chunks.count - head < capacity { return true }
                    waitingSender = continuation
                    return false
                }
                if resumeNow { continuation.resume() }
            }
        }
    }

    /// Sender: the last byte has been sent, or `error` cut the stream short (a client gone, a body too large);
    /// the import then fails with that error and keeps nothing.
    public func finish(throwing error: (any Error)? = nil) {
        lock {
            guard !finished else { return }
            finished = true
            failure = error
            condition.broadcast()
        }
    }

    /// Reader: stops reading; a waiting or later `send` returns false.
    func cancel() {
        let sender = lock { () -> CheckedContinuation<Void, Never>? in
            cancelled = true
            chunks.removeAll()
            head = 0
            condition.broadcast()
            defer { waitingSender = nil }
            return waitingSender
        }
        sender?.resume()
    }

    /// Reader: the next chunk, nil after the last; throws the sender's error, or `Failure.stalled`.
    func receive() throws -> [UInt8]? {
        let deadline = Date(timeIntervalSinceNow: Double(stallTimeout.components.seconds) + Double(stallTimeout.components.attoseconds) / 1e18)
        let (chunk, sender) = try lock { () throws -> ([UInt8]?, CheckedContinuation<Void, Never>?) in
            while head == chunks.count, !finished, !cancelled {
                if !condition.wait(until: deadline), head == chunks.count, !finished { throw Failure.stalled }
            }
            if cancelled { throw CancellationError() }
            if head == chunks.count {
                if let failure { throw failure }
                return (nil, nil)
            }
            let chunk = chunks[head]
            head += 1
            // Dropping the consumed front now and then keeps the array small without shifting it on every chunk.
            if head >= capacity {
                chunks.removeFirst(head)
                head = 0
            }
            defer { waitingSender = nil }
            return (chunk, waitingSender)
        }
        sender?.resume()
        return chunk
    }

    private func lock<T>(_ body: () throws -> T) rethrows -> T {
        condition.lock()
        defer { condition.unlock() }
        return try body()
    }
}
