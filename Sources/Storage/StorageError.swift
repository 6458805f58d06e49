// SPDX-License-Identifier: Apache-2.0
import MarketData

/// A storage failure, with what was being done and where.
public struct StorageError: Error, Sendable, CustomStringConvertible {
    private enum Code: Sendable {
        case open, newerSchema, notMigrated, read, write
    }

    private let code: Code
    public let description: String

    static func open(_ path: String, _ cause: any Error) -> StorageError {
        // A problem with the database file itself needs its path only once: `open database /tmp: is a directory`.
        let reason = (cause as? FileAccessError).map { $0.path == path ? $0.reason : $0.description } ?? "\(cause)"
        return StorageError(code: .open, description: "open database \(path): \(reason)")
    }

    static func newerSchema(_ path: String, unknown: [String]) -> StorageError {
        StorageError(
            code: .newerSchema,
            description: "open database \(path): its schema was written by a newer pairwatch (unknown migrations: \(unknown.joined(separator: ", "))); upgrade pairwatch")
    }

    /// Opened for reading only, so it cannot be migrated: an older pairwatch's database, or not a pairwatch one.
    static func notMigrated(_ path: String, missing: [String]) -> StorageError {
        StorageError(
            code: .notMigrated,
            description: "open database \(path): not a pairwatch database, or one an older pairwatch wrote "
                + "(missing migrations: \(missing.joined(separator: ", ")))")
    }

    /// A read on an open database failed: `read the outbox of ops from database /var/lib/pairwatch/pairwatch.db: …`.
    static func read(_ action: String, _ path: String, _ cause: any Error) -> StorageError {
        StorageError(code: .read, description: "\(action) from database \(path): \(cause)")
    }

    /// A write transaction failed and was rolled back: `record alerts in database /var/lib/pairwatch/pairwatch.db: …`.
    static func write(_ action: String, _ path: String, _ cause: any Error) -> StorageError {
        StorageError(code: .write, description: "\(action) in database \(path): \(cause)")
    }

    public var isNewerSchema: Bool { code == .newerSchema }
}
