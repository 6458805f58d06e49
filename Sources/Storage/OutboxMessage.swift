// SPDX-License-Identifier: Apache-2.0
import Foundation
import GRDB

/// A notification to enqueue for one receiver.
public struct OutboxMessage: Sendable, Equatable {
    public var receiver: String
    /// Unique across the outbox; receivers use it to recognise a retried notification.
    public var idempotencyKey: String
    /// Milliseconds since the epoch; the age past which delivery gives up counts from here.
    public var createdMs: Int64
    /// Opaque bytes (the caller's encoding).
    public var payload: [UInt8]

    public init(receiver: String, idempotencyKey: String, createdMs: Int64, payload: [UInt8]) {
        self.receiver = receiver
        self.idempotencyKey = idempotencyKey
        self.createdMs = createdMs
        self.payload = payload
    }
}

/// A notification waiting in the outbox.
public struct OutboxItem: Sendable, Equatable {
    /// Increasing in insertion order and never reused, so it is the delivery order within a receiver.
    public var id: Int64
    public var receiver: String
    public var idempotencyKey: String
    public var createdMs: Int64
    public var payload: [UInt8]
    /// Delivery attempts made so far.
    public var attempts: Int

    public init(id: Int64, receiver: String, idempotencyKey: String, createdMs: Int64, payload: [UInt8], attempts: Int) {
        self.id = id
        self.receiver = receiver
        self.idempotencyKey = idempotencyKey
        self.createdMs = createdMs
        self.payload = payload
        self.attempts = attempts
    }
}

/// A row of `outbox`: the mapping between the outbox types and its columns.
enum OutboxRow {
    static func arguments(_ message: OutboxMessage) -> StatementArguments {
        [message.receiver, message.idempotencyKey, message.createdMs, Data(message.payload)]
    }

    static func item(_ row: Row) throws -> OutboxItem {
        let payload: Data = try row.decode(forColumn: "payload")
        return OutboxItem(
            id: try row.decode(forColumn: "id"), receiver: try row.decode(forColumn: "receiver"),
            idempotencyKey: try row.decode(forColumn: "idempotency_key"), createdMs: try row.decode(forColumn: "created_ms"),
            payload: [UInt8](payload), attempts: try row.decode(forColumn: "attempts"))
    }
}
