// SPDX-License-Identifier: Apache-2.0
import Exporter
import Feeds
import Logging
import PairWatchConfig
import ServiceLifecycle

/// `pairwatch serve`: wires the configured feed, the ingest pipeline and the HTTP exporter into one
/// `ServiceGroup` and runs it until SIGTERM/SIGINT or cancellation.
///
/// Services are listed in dependency order (feed, then HTTP); the group shuts them down in reverse, so the
/// server stops accepting first and in-flight scrapes finish.
public struct Daemon: Sendable {
    let configuration: PairWatchConfiguration
    let settings: DaemonSettings
    let logger: Logger

    public init(configuration: PairWatchConfiguration, settings: DaemonSettings, logger: Logger = Logger(label: "pairwatch")) {
        self.configuration = configuration
        self.settings = settings
        self.logger = logger
    }

    /// Runs until shutdown. `onListening` receives the bound address (the real port when port 0 was asked for).
    public func run(onListening: @escaping @Sendable (ListenAddress) async -> Void = { _ in }) async throws {
        let registry = MetricsRegistry(logger: logger)
        let readiness = Readiness()
        let symbolMetrics = SymbolMetrics()
        registry.register(BuildInfoMetrics(PairWatchBuild.info))
        registry.register(ProcessMetrics())
        registry.register(symbolMetrics)

        let pipeline = IngestPipeline(symbolMetrics: symbolMetrics)
        let feed = try FeedFactory.make(configuration.feed, symbols: configuration.symbols, logger: logger, handler: pipeline.handle)
        let routes = ExporterRoutes(registry: registry, readiness: readiness, buildInfo: PairWatchBuild.info, telemetryPath: settings.telemetryPath)
        let logger = logger
        let http = HTTPServer.make(routes: routes, address: settings.listenAddress, logger: logger) { address in
            readiness.clear("startup")
            logger.info("listening", metadata: ["address": "\(address)", "url": "http://\(address)/"])
            await onListening(address)
        }

        let group = ServiceGroup(
            configuration: ServiceGroupConfiguration(
                services: [
                    // A replay that reaches its end leaves the exporter serving what it computed.
                    .init(service: feed, successTerminationBehavior: .ignore, failureTerminationBehavior: .gracefullyShutdownGroup),
                    .init(service: http),
                ],
                gracefulShutdownSignals: settings.shutdownSignals,
                logger: logger
            )
        )
        try await group.run()
        logger.info("stopped")
    }
}
