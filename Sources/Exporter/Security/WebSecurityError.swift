// SPDX-License-Identifier: Apache-2.0

/// A web config file whose TLS settings cannot be put to use, though the file itself parses.
public struct WebSecurityError: Error, Sendable, CustomStringConvertible {
    private enum Code: Sendable {
        case noTLS
        case load(what: String, reason: String)
    }

    private let code: Code
    public let file: String

    static func noTLS(file: String) -> Self { Self(code: .noTLS, file: file) }
    static func load(file: String, what: String, _ error: any Error) -> Self { Self(code: .load(what: what, reason: "\(error)"), file: file) }

    public var description: String {
        switch code {
        case .noTLS: "\(file): tls_server_config: missing, but the server was started with TLS"
        case let .load(what, reason): "\(file): \(what): cannot load: \(reason)"
        }
    }
}
