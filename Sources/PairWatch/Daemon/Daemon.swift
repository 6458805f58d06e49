// SPDX-License-Identifier: Apache-2.0
import Exporter
import Feeds
import Logging
import MarketData
import PairWatchConfig
import ServiceLifecycle
import Storage

/// `pairwatch serve`: wires storage, the configured feed, the ingest pipeline and the HTTP exporter into one
/// `ServiceGroup` and runs it until SIGTERM/SIGINT or cancellation.
///
/// Services are listed in dependency order (writer, bar ticker, retention, feed, HTTP); the group shuts them down
/// in reverse, so the server stops accepting first, the feed stops next, and the writer commits what is queued last.
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
        let database = try TradeDatabase(path: configuration.storage.path)
        let registry = MetricsRegistry(logger: logger)
        let readiness = Readiness()
        let storageStatistics = StorageStatistics()
        let symbolMetrics = SymbolMetrics()
        let resamplerMetrics = ResamplerMetrics(timeframes: configuration.timeframes)
        for collector: any MetricsCollector in [
            BuildInfoMetrics(PairWatchBuild.info), ProcessMetrics(), symbolMetrics, resamplerMetrics,
            StorageMetrics(database: database, statistics: storageStatistics),
        ] {
            registry.register(collector)
        }

        let logger = logger
        let writer = BatchWriter(
            database: database, statistics: storageStatistics, batchSize: configuration.storage.batchSize,
            interval: configuration.storage.batchInterval.duration, logger: logger
        ) { failure in
            if let failure { readiness.block("storage", reason: failure) } else { readiness.clear("storage") }
        }
        let pipeline = IngestPipeline(
            resampler: try seededResampler(database), writer: writer, symbolMetrics: symbolMetrics, resamplerMetrics: resamplerMetrics)
        let feed = try FeedFactory.make(configuration.feed, symbols: configuration.symbols, logger: logger, handler: pipeline.handle)
        let routes = ExporterRoutes(registry: registry, readiness: readiness, buildInfo: PairWatchBuild.info, telemetryPath: settings.telemetryPath)
        let http = HTTPServer.make(routes: routes, address: settings.listenAddress, logger: logger) { address in
            readiness.clear("startup")
            logger.info("listening", metadata: ["address": "\(address)", "url": "http://\(address)/"])
            await onListening(address)
        }

        var services: [ServiceGroupConfiguration.ServiceConfiguration] = [.init(service: writer)]
        if configuration.feed.source != .replay {
            services.append(.init(service: BarTicker(pipeline: pipeline, clock: ContinuousClock(), nowMs: wallClockMilliseconds)))
        }
        services += [
            .init(service: RetentionService(database: database, policy: retentionPolicy, clock: ContinuousClock(), nowMs: wallClockMilliseconds, logger: logger)),
            // A replay that reaches its end leaves the exporter serving what it computed.
            .init(service: feed, successTerminationBehavior: .ignore, failureTerminationBehavior: .gracefullyShutdownGroup),
            .init(service: http),
        ]
        let group = ServiceGroup(
            configuration: ServiceGroupConfiguration(services: services, gracefulShutdownSignals: settings.shutdownSignals, logger: logger))
        defer { pipeline.barEvents.finish() }
        try await group.run()
        logger.info("stopped")
    }

    /// A resampler that continues every stored series from its last bar, so a restart leaves no gap unfilled.
    private func seededResampler(_ database: TradeDatabase) throws -> Resampler {
        var resampler = Resampler(timeframes: configuration.timeframes, allowedLatenessMs: configuration.resampler.allowedLateness.milliseconds)
        for symbol in configuration.symbols {
            for timeframe in configuration.timeframes {
                if let bar = try database.lastBars(symbol: symbol, timeframe: timeframe, count: 1).last { resampler.seed(bar) }
            }
        }
        return resampler
    }

    private var retentionPolicy: RetentionService<ContinuousClock>.Policy {
        let bars = configuration.timeframes.map { ($0, configuration.storage.barRetention(for: $0).milliseconds) }
        return .init(tradeRetentionMs: configuration.storage.retention.milliseconds, barRetentionMs: Dictionary(uniqueKeysWithValues: bars))
    }
}
