// SPDX-License-Identifier: Apache-2.0
import Hummingbird

/// The exporter's routes by path and method, installed on a Hummingbird router together with the rules the
/// router does not apply by itself: a known path asked with a method it does not serve answers
/// `405 Method Not Allowed` with an `Allow` header (RFC 9110 section 15.5.6) rather than 404, and HEAD is
/// served wherever GET is (the GET response without its body, so `/metrics` runs no collector for it).
public struct RouteTable: Sendable {
    public typealias Handler = @Sendable (Request) async throws -> Response

    struct Route: Sendable {
        var path: String
        var methods: [(method: HTTPRequest.Method, handler: Handler)]

        /// The `Allow` value: methods in the order they were added, HEAD right after GET unless added itself.
        var allow: String {
            var names: [String] = []
            for (method, _) in methods {
                names.append(method.rawValue)
                if method == .get, !methods.contains(where: { $0.method == .head }) { names.append("HEAD") }
            }
            return names.joined(separator: ", ")
        }
    }

    private(set) var routes: [Route] = []

    public init() {}

    /// Adds a handler; adding the same path and method twice is a programming error.
    public mutating func on(_ path: String, method: HTTPRequest.Method, _ handler: @escaping Handler) {
        if let index = routes.firstIndex(where: { $0.path == path }) {
            precondition(!routes[index].methods.contains { $0.method == method }, "\(method) \(path) is routed twice")
            routes[index].methods.append((method, handler))
        } else {
            routes.append(Route(path: path, methods: [(method, handler)]))
        }
    }

    public func install<Context: RequestContext>(on router: Router<Context>) {
        router.add(middleware: MethodNotAllowedMiddleware(allow: Dictionary(routes.map { ($0.path, $0.allow) }) { first, _ in first }))
        for route in routes {
            for (method, handler) in route.methods {
                router.on(RouterPath(route.path), method: method) { request, _ in try await handler(request) }
            }
            if let get = route.methods.first(where: { $0.method == .get })?.handler, !route.methods.contains(where: { $0.method == .head }) {
                router.on(RouterPath(route.path), method: .head) { request, _ in try await get(request).createHeadResponse() }
            }
        }
    }
}

/// Answers 405 for a routed path whose method is not listed in its `Allow` value, and gives the API's paths
/// (`/api/`) their JSON error body for 404 and 405.
///
/// Router middleware also wraps the router's not-found responder, which is where a known path with an unknown
/// method ends up; requests for unknown paths pass through to the 404.
struct MethodNotAllowedMiddleware<Context: RequestContext>: RouterMiddleware {
    let allow: [String: String]

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let path = request.uri.path
        let isAPI = path.hasPrefix("/api/")
        if let allowed = allowed(path), !allowed.split(separator: ", ").contains(Substring(request.method.rawValue)) {
            if isAPI {
                return APIError(.methodNotAllowed, "\(request.method) is not allowed on \(path) (allowed: \(allowed))", headers: [.allow: allowed])
                    .response
            }
            return Response(
                status: .methodNotAllowed, headers: [.allow: allowed, .contentType: "text/plain; charset=utf-8"],
                body: ResponseBody(byteBuffer: ByteBuffer(string: "Method Not Allowed\n")))
        }
        do {
            return try await next(request, context)
        } catch let error as HTTPError where isAPI && error.status == .notFound {
            return APIError(.notFound, "no such path \(path) (the API is described at /api/v1/openapi.json)").response
        }
    }

    /// The `Allow` value of the route matching `path`: its own, or that of a pattern whose `:name` segments match
    /// any one segment.
    private func allowed(_ path: String) -> String? {
        if let exact = allow[path] { return exact }
        let segments = path.split(separator: "/", omittingEmptySubsequences: false)
        return allow.first { pattern, _ in
            let parts = pattern.split(separator: "/", omittingEmptySubsequences: false)
            return parts.count == segments.count && zip(parts, segments).allSatisfy { $0.hasPrefix(":") ? !$1.isEmpty : $0 == $1 }
        }?.value
    }
}
