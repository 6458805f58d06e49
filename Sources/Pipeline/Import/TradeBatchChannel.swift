// SPDX-License-Identifier: Apache-2.0
import Foundation
import MarketData

/// Hands batches of parsed trades from the thread that reads and parses a file to the one that inserts them, so
/// parsing runs on a second core while SQLite works. At most `capacity` batches wait: memory stays flat however
/// far the parser could run ahead.
final class TradeBatchChannel: @unchecked Sendable {  // every stored property is guarded by `condition`
    private let condition = NSCondition()
    private let capacity: Int
    private var batches: [[Trade]] = []
    private var ended = false
    private var failure: (any Error)?
    private var cancelled = false

    init(capacity: Int) {
        self.capacity = capacity
    }

    /// Producer: waits while the channel is full; throws `CancellationError` once the consumer has given up.
    func send(_ batch: [Trade]) throws {
        condition.lock()
        defer { condition.unlock() }
        while batches.count >= capacity, !cancelled { condition.wait() }
        if cancelled { throw CancellationError() }
        batches.append(batch)
        condition.broadcast()
    }

    /// Producer: no more batches; `error` is what stopped it early, handed to the consumer.
    func finish(throwing error: (any Error)?) {
        condition.lock()
        defer { condition.unlock() }
        ended = true
        failure = error
        condition.broadcast()
    }

    /// Consumer: the next batch in order, nil after the last, or the producer's error.
    func receive() throws -> [Trade]? {
        condition.lock()
        defer { condition.unlock() }
        while batches.isEmpty, !ended { condition.wait() }
        if !batches.isEmpty {
            condition.broadcast()
            return batches.removeFirst()
        }
        if let failure { throw failure }
        return nil
    }

    /// Consumer: stops the producer (its next `send` throws) and waits until it has finished, so nothing of the
    /// file is still being read when the import returns.
    func cancelAndWait() {
        condition.lock()
        defer { condition.unlock() }
        cancelled = true
        batches.removeAll()
        condition.broadcast()
        while !ended { condition.wait() }
    }
}
