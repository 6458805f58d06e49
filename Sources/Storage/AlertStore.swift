// SPDX-License-Identifier: Apache-2.0
import GRDB

/// Alert state and the outbox of notifications, in the trade database: a transition's state change and its
/// notifications are written in one transaction, so a restart finds either both or neither.
///
/// The trade writer shares the database, so every call is one short transaction; values are encoded before it
/// begins. The store never drops a waiting message on its own: delivery decides when one is too old.
public final class AlertStore: Sendable {
    private let database: TradeDatabase

    public init(database: TradeDatabase) {
        self.database = database
    }

    /// Every pending or firing alert, by fingerprint.
    public func alerts() throws -> [StoredAlert] {
        try reading("read alerts") { db in
            try Row.fetchAll(db, sql: "SELECT \(AlertRow.columns) FROM alerts ORDER BY fingerprint").map(AlertRow.alert)
        }
    }

    /// One transaction: upserts `saving` (by fingerprint), then deletes the `removing` fingerprints (a fingerprint in
    /// both ends up deleted), then inserts `enqueuing` in order. When any part fails nothing is written; an
    /// idempotency key that is already in the outbox is such a failure.
    public func record(saving: [StoredAlert], removing: [String], enqueuing: [OutboxMessage]) throws {
        guard !saving.isEmpty || !removing.isEmpty || !enqueuing.isEmpty else { return }
        let path = database.path
        let alertArguments: [StatementArguments]
        do {
            alertArguments = try saving.map(AlertRow.arguments)
        } catch {
            throw StorageError.write("record alerts", path, error)
        }
        let messageArguments = enqueuing.map(OutboxRow.arguments)
        try writing("record alerts") { db in
            let upsert = try db.cachedStatement(
                sql: """
                    INSERT INTO alerts (\(AlertRow.columns)) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                    ON CONFLICT (fingerprint) DO UPDATE SET rule = excluded.rule, state = excluded.state,
                    active_since_ms = excluded.active_since_ms, fired_at_ms = excluded.fired_at_ms, value = excluded.value,
                    labels = excluded.labels, annotations = excluded.annotations
                    """)
            for arguments in alertArguments { try upsert.execute(arguments: arguments) }
            let delete = try db.cachedStatement(sql: "DELETE FROM alerts WHERE fingerprint = ?")
            for fingerprint in removing { try delete.execute(arguments: [fingerprint]) }
            let insert = try db.cachedStatement(sql: "INSERT INTO outbox (receiver, idempotency_key, created_ms, payload) VALUES (?, ?, ?, ?)")
            for arguments in messageArguments { try insert.execute(arguments: arguments) }
        }
    }

    /// The oldest waiting messages of one receiver, oldest first (by id), at most `limit` (none when it is not positive).
    public func outbox(receiver: String, limit: Int) throws -> [OutboxItem] {
        guard limit > 0 else { return [] }
        return try reading("read the outbox of \(receiver)") { db in
            try Row.fetchAll(
                db, sql: "SELECT * FROM outbox WHERE receiver = ? ORDER BY id LIMIT ?", arguments: [receiver, limit]
            ).map(OutboxRow.item)
        }
    }

    /// Removes a message once delivered or dropped; a message already gone is not an error.
    public func removeOutboxItem(id: Int64) throws {
        try writing("remove outbox message \(id)") { db in try db.execute(sql: "DELETE FROM outbox WHERE id = ?", arguments: [id]) }
    }

    /// Adds one to a message's attempt count; a message already gone is not an error.
    public func recordAttempt(id: Int64) throws {
        try writing("count an attempt of outbox message \(id)") { db in
            try db.execute(sql: "UPDATE outbox SET attempts = attempts + 1 WHERE id = ?", arguments: [id])
        }
    }

    /// Messages waiting per receiver (receivers with none are absent).
    public func outboxCounts() throws -> [String: Int] {
        try reading("count the outbox") { db in try Self.counts(db) }
    }

    /// Deletes the messages of receivers not in `receivers` (a reload removed them); returns how many were deleted
    /// per receiver (receivers with none deleted are absent).
    public func removeOutbox(receiversNotIn receivers: Set<String>) throws -> [String: Int] {
        try writing("remove the outbox of removed receivers") { db in
            let removed = try Self.counts(db).filter { !receivers.contains($0.key) }
            let delete = try db.cachedStatement(sql: "DELETE FROM outbox WHERE receiver = ?")
            for receiver in removed.keys { try delete.execute(arguments: [receiver]) }
            return removed
        }
    }

    private static func counts(_ db: Database) throws -> [String: Int] {
        let rows = try Row.fetchAll(db, sql: "SELECT receiver, COUNT(*) AS count FROM outbox GROUP BY receiver")
        var counts: [String: Int] = [:]
        for row in rows { counts[try row.decode(forColumn: "receiver")] = try row.decode(forColumn: "count") }
        return counts
    }

    private func reading<T: Sendable>(_ action: String, _ body: @Sendable (Database) throws -> T) throws -> T {
        do {
            return try database.read(body)
        } catch {
            throw StorageError.read(action, database.path, error)
        }
    }

    private func writing<T: Sendable>(_ action: String, _ body: @Sendable (Database) throws -> T) throws -> T {
        do {
            return try database.write(body)
        } catch {
            throw StorageError.write(action, database.path, error)
        }
    }
}
