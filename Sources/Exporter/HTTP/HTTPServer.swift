// SPDX-License-Identifier: Apache-2.0
import Hummingbird
import Logging

/// Builds the Hummingbird application that serves the exporter's routes on the listen address.
///
/// The application is a `Service`; the daemon runs it last in its `ServiceGroup`, so on SIGTERM it stops
/// accepting first and lets in-flight requests finish. `onListening` reports the bound address, which
/// differs from the configured one when port 0 was asked for.
public enum HTTPServer {
    public static func make(
        routes: ExporterRoutes,
        address: ListenAddress,
        logger: Logger,
        onListening: @escaping @Sendable (ListenAddress) async -> Void = { _ in }
    ) -> some ApplicationProtocol {
        let router = Router()
        routes.add(to: router)
        return Application(
            router: router,
            configuration: ApplicationConfiguration(address: .hostname(address.host, port: address.port), serverName: "pairwatch"),
            onServerRunning: { channel in
                let port = channel.localAddress?.port ?? address.port
                await onListening(ListenAddress(host: address.host, port: port))
            },
            logger: logger
        )
    }
}
