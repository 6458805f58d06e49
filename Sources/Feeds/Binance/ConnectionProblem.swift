// SPDX-License-Identifier: Apache-2.0
import Foundation
import NIOCore

/// Says in a few words why a connection attempt failed, for the log and the landing page: "connection refused"
/// rather than the nested description of every address tried.
enum ConnectionProblem {
    static func words(_ error: any Error) -> String {
        let text = "\(error)"
        // NIO's connection error describes a failed lookup this way (its type lives in NIOPosix, which Feeds does not
        // import).
        if text.hasPrefix("DNS error: ") { return "cannot resolve the host: " + text.dropFirst("DNS error: ".count) }
        if let io = firstIOError(in: error, depth: 0) { return String(cString: strerror(io.errnoCode)).lowercased() }
        return text
    }

    /// The first socket error inside `value` (a connection error keeps one per address tried).
    private static func firstIOError(in value: Any, depth: Int) -> IOError? {
        if let error = value as? IOError { return error }
        guard depth < 5 else { return nil }
        for child in Mirror(reflecting: value).children {
            if let found = firstIOError(in: child.value, depth: depth + 1) { return found }
        }
        return nil
    }
}
