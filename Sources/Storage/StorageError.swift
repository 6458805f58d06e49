// SPDX-License-Identifier: Apache-2.0

/// A storage failure, with what was being done and where.
public struct StorageError: Error, Sendable, CustomStringConvertible {
    private enum Code: Sendable {
        case open, newerSchema, write
    }

    private let code: Code
    public let description: String

    static func open(_ path: String, _ cause: any Error) -> StorageError {
        StorageError(code: .open, description: "open database \(path): \(cause)")
    }

    static func newerSchema(_ path: String, unknown: [String]) -> StorageError {
        StorageError(
            code: .newerSchema,
            description: "open database \(path): its schema was written by a newer pairwatch (unknown migrations: \(unknown.joined(separator: ", "))); upgrade pairwatch")
    }

    public var isNewerSchema: Bool { code == .newerSchema }
}
