// SPDX-License-Identifier: Apache-2.0
import Hummingbird
import Synchronization

/// The origins a browser may call the API from, shared with the daemon so a reload changes them in place.
public final class CORSOrigins: Sendable {
    private let origins: Mutex<[String]>

    public init(_ origins: [String] = []) {
        self.origins = Mutex(origins)
    }

    public var current: [String] { origins.withLock { $0 } }

    public func set(_ origins: [String]) {
        self.origins.withLock { $0 = origins }
    }
}

/// Cross-origin resource sharing (the Fetch standard's CORS protocol), off while no origin is configured.
///
/// A preflight `OPTIONS` is answered here, before authentication, since browsers send it without credentials.
/// Other requests from an allowed origin get `Access-Control-Allow-Origin` with that origin (or `*` when any origin
/// is allowed); every answer says `Vary: Origin` so caches keep per-origin copies.
struct CORSMiddleware<Context: RequestContext>: RouterMiddleware {
    static var allowMethods: String { "GET, POST" }
    static var allowHeaders: String { "Authorization, Content-Type, Last-Event-ID" }

    let origins: CORSOrigins

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let origins = origins.current
        guard !origins.isEmpty, let origin = request.headers[.origin] else { return try await next(request, context) }
        let allowed: String? = origins.contains("*") ? "*" : origins.contains(origin) ? origin : nil
        if request.method == .options, request.headers[.accessControlRequestMethod] != nil {
            var headers: HTTPFields = [.vary: "Origin"]
            if let allowed {
                headers[.accessControlAllowOrigin] = allowed
                headers[.accessControlAllowMethods] = Self.allowMethods
                headers[.accessControlAllowHeaders] = Self.allowHeaders
                headers[.accessControlMaxAge] = "600"
            }
            return Response(status: .noContent, headers: headers)
        }
        var response = try await next(request, context)
        response.headers[values: .vary].append("Origin")
        if let allowed { response.headers[.accessControlAllowOrigin] = allowed }
        return response
    }
}
