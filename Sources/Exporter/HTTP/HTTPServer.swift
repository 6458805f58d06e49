// SPDX-License-Identifier: Apache-2.0
import Hummingbird
import Logging

/// Builds the Hummingbird application that serves the exporter's routes on the listen address.
///
/// The application is a `Service`; the daemon runs it last in its `ServiceGroup`, so on SIGTERM it stops
/// accepting first and lets in-flight requests finish. `onListening` reports the bound address, which
/// differs from the configured one when port 0 was asked for. `web` adds TLS, basic auth, CORS and the
/// request timeouts; a web config file whose certificate does not load is an error here, before anything listens.
public enum HTTPServer {
    public static func make(
        routes: ExporterRoutes,
        address: ListenAddress,
        web: WebServing = WebServing(),
        logger: Logger,
        onListening: @escaping @Sendable (ListenAddress) async -> Void = { _ in }
    ) throws -> some ApplicationProtocol {
        Application(
            router: router(routes: routes, web: web),
            server: try web.serverBuilder(logger: logger),
            configuration: ApplicationConfiguration(address: .hostname(address.host, port: address.port), serverName: "pairwatch"),
            onServerRunning: { channel in
                let port = channel.localAddress?.port ?? address.port
                await onListening(ListenAddress(host: address.host, port: port))
            },
            logger: logger
        )
    }

    /// The routes behind the web middleware (CORS, then basic auth), as served.
    public static func router(routes: ExporterRoutes, web: WebServing) -> Router<BasicRequestContext> {
        let router = Router()
        web.addMiddleware(to: router)
        routes.add(to: router)
        return router
    }
}
