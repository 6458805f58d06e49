// SPDX-License-Identifier: Apache-2.0
import Foundation

/// A fresh folder under the system's temporary directory, removed with everything in it when the test is done
/// (`defer { folder.remove() }`), so a test run leaves nothing behind.
public struct TemporaryDirectory: Sendable {
    public let url: URL

    /// Creates the folder; `name` prefixes it so a leftover one tells which test made it.
    public init(_ name: String = "pairwatch") throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("\(name)-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    public var path: String { url.path }

    /// The path of `name` inside the folder.
    public func file(_ name: String) -> String { url.appendingPathComponent(name).path }

    public func remove() {
        try? FileManager.default.removeItem(at: url)
    }
}
