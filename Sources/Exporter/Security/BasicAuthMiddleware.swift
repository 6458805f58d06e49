// SPDX-License-Identifier: Apache-2.0
import Foundation
import Hummingbird
import PairWatchConfig

/// Asks for HTTP basic authentication (RFC 7617) on every path, `/metrics` and `/-/healthy` included, whenever the
/// web config file lists `basic_auth_users`; the file is consulted on each request, so users can be added or
/// removed without a restart.
struct BasicAuthMiddleware<Context: RequestContext>: RouterMiddleware {
    let file: WebSecurityFile
    let passwords: PasswordCheck

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let users = file.current.basicAuthUsers
        guard !users.isEmpty else { return try await next(request, context) }
        guard let (user, password) = Self.credentials(request.headers[.authorization]) else {
            return Self.unauthorized("authentication required")
        }
        guard try await passwords.check(user: user, password: password, hash: users[user]) else {
            return Self.unauthorized("wrong user name or password")
        }
        return try await next(request, context)
    }

    /// The user and password of a `Basic` authorization header, or nil when there is none or it is malformed.
    static func credentials(_ header: String?) -> (String, String)? {
        guard let header, header.count > 6, header.prefix(6).lowercased() == "basic " else { return nil }
        let encoded = header.dropFirst(6).trimmingCharacters(in: .whitespaces)
        guard let data = Data(base64Encoded: encoded), let text = String(data: data, encoding: .utf8),
            let colon = text.firstIndex(of: ":")
        else { return nil }
        return (String(text[..<colon]), String(text[text.index(after: colon)...]))
    }

    static func unauthorized(_ message: String) -> Response {
        APIError(.unauthorized, message, headers: [.wwwAuthenticate: "Basic realm=\"pairwatch\", charset=\"UTF-8\""]).response
    }
}
