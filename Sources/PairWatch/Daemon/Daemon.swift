// SPDX-License-Identifier: Apache-2.0
import Alerting
import AsyncHTTPClient
import Exporter
import Feeds
import Logging
import MarketData
import PairStats
import PairWatchConfig
import Pipeline
import ServiceLifecycle
import Storage
import UnixSignals

/// `pairwatch serve`: wires storage, the configured feed, the ingest pipeline, the pair monitor and the HTTP exporter
/// into one `ServiceGroup` and runs it until SIGTERM/SIGINT or cancellation.
///
/// Services are listed in dependency order (writer, bar ticker, retention, feed, pair monitor, reloads, HTTP, live
/// stream); the group shuts them down in reverse, so the live streams end first, the server stops accepting next, then
/// the feed, and the writer commits what is queued last.
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
        // One HTTP client for every notifier, shut down however the daemon ends.
        let httpClient = HTTPClient(eventLoopGroupProvider: .singleton, configuration: .notifiers)
        do {
            let clock = settings.clock
            try await run(clock: clock, httpClient: httpClient, onListening: onListening)
        } catch {
            try? await httpClient.shutdown()
            throw error
        }
        try await httpClient.shutdown()
    }

    private func run<C: Clock<Duration>>(
        clock: C, httpClient: HTTPClient, onListening: @escaping @Sendable (ListenAddress) async -> Void
    ) async throws {
        let (configuration, settings, logger) = (configuration, settings, logger)
        let web = try webServing()
        let database = try TradeDatabase(path: configuration.storage.path)
        let readiness = Readiness()
        let storageStatistics = StorageStatistics()
        let writer = BatchWriter(
            database: database, statistics: storageStatistics, batchSize: configuration.storage.batchSize,
            interval: configuration.storage.batchInterval.duration, clock: clock, logger: logger
        ) { failure in
            if let failure { readiness.block("storage", reason: failure) } else { readiness.clear("storage") }
        }
        let pipeline = IngestPipeline(
            resampler: Resampler(timeframes: configuration.timeframes, allowedLatenessMs: configuration.resampler.allowedLateness.milliseconds),
            writer: writer)
        try pipeline.continueStoredSeries(database, symbols: configuration.symbols)
        let monitor = PairMonitor(
            series: try configuration.pairSeries(), database: database, barEvents: pipeline.barEvents, rebuiltBars: pipeline.rebuiltBars,
            clock: clock, logger: logger,
            beforeRestore: { _ = await writer.commitQueued() }
        ) { pending in
            if let pending { readiness.block("pairs", reason: pending) } else { readiness.clear("pairs") }
        }
        let feedStatistics = FeedStatistics()
        let feed = makeFeed(clock: clock, database: database, pipeline: pipeline, statistics: feedStatistics)
        let alertingStatistics = AlertingStatistics()
        // Microseconds since the epoch: above every id an earlier run gave, unless it averaged a million events a second.
        let streamHub = StreamHub(firstEventID: UInt64(max(0, settings.nowMs())) * 1_000)
        let alerting = makeAlerting(
            clock: clock, store: AlertStore(database: database), board: monitor.board, symbols: pipeline.symbols,
            storedTradeTimes: try database.lastTradeTimes(symbols: configuration.symbols), client: httpClient, statistics: alertingStatistics,
            transitions: { streamHub.publishAlerts($0) })
        let startedMs = settings.nowMs()
        let configMetrics = ConfigMetrics(loadedAtMs: startedMs)
        let storageMetrics = StorageMetrics(database: database, statistics: storageStatistics)
        let uploads = TradesUpload(database: database, settings: UploadSettings(.init(configuration)), statistics: UploadStatistics()) { symbols in
            do {
                try await monitor.refresh(symbols: symbols)
            } catch {
                logger.error("cannot restore the pair series of uploaded trades from storage", metadata: ["error": "\(error)"])
            }
        }
        let registry = MetricsRegistry(logger: logger)
        for collector: any MetricsCollector in [
            BuildInfoMetrics(PairWatchBuild.info), ProcessMetrics(), configMetrics, SymbolMetrics(pipeline.symbols),
            ResamplerMetrics(pipeline.resamplerStatistics), PairMetrics(monitor.board), storageMetrics, FeedMetrics(feedStatistics),
            AlertingMetrics(alertingStatistics), UploadMetrics(uploads.statistics), StreamMetrics(streamHub),
        ] { registry.register(collector) }
        let running = RunningConfiguration(configuration.apiSummary)
        let retention = RetentionService(
            database: database, policy: Self.retentionPolicy(configuration), clock: clock, nowMs: settings.nowMs, logger: logger)
        let reloader = ConfigReloader(
            running: configuration, load: settings.reloadConfiguration ?? { configuration },
            apply: { new in
                let symbols = new.symbols
                pipeline.reconfigure(timeframes: new.timeframes, symbols: symbols, nowMs: settings.nowMs())
                retention.policy = Self.retentionPolicy(new)
                uploads.settings.current = .init(new)
                // A symbol new to the feed continues from its stored bars, if it has any.
                try pipeline.continueStoredSeries(database, symbols: symbols)
                feed.update(.init(feed: new.feed, symbols: symbols))
                try await monitor.reconfigure(try new.pairSeries())
                await alerting.reconfigure(rules: AlertingSetup.rules(new.alerting), notifiers: notifiers(new.alerting, client: httpClient))
                running.replace(new.apiSummary)
                web.corsOrigins.set(new.web.corsOrigins)
            }, metrics: configMetrics, nowMs: settings.nowMs, systemd: settings.systemd, logger: logger)
        var routes = ExporterRoutes(
            registry: registry, readiness: readiness, buildInfo: PairWatchBuild.info, telemetryPath: settings.telemetryPath, feed: feedStatistics)
        routes.addLifecycle(enabled: settings.enableLifecycle) { await reloader.reload() }
        let status = StatusAPI.Sources(
            buildInfo: PairWatchBuild.info, startedMs: startedMs, nowMs: settings.nowMs, readiness: readiness, feed: feedStatistics,
            storage: storageMetrics, reloads: configMetrics)
        APIRoutes(
            .init(board: monitor.board, database: database, configuration: running, status: status, alerts: { await alerting.listing() },
                uploads: uploads, stream: streamHub),
            logger: logger
        ).add(to: &routes)
        routes.status = StatusPageSources(
            board: monitor.board, alerts: { await alerting.listing() }, rules: { alerting.rules }, startedMs: startedMs, nowMs: settings.nowMs)
        let scheme = web.usesTLS ? "https" : "http"
        let http = try HTTPServer.make(routes: routes, address: settings.listenAddress, web: web, logger: logger) { address in
            readiness.clear("startup")
            logger.info("listening", metadata: ["address": "\(address)", "url": "\(scheme)://\(address)/"])
            await onListening(address)
        }
        // Dependency order: the group shuts services down in reverse, so the server stops first and the writer last.
        let ticker: [any Service] = configuration.feed.source == .replay ? [] : [BarTicker(pipeline: pipeline, clock: clock, nowMs: settings.nowMs)]
        let feedService = ServiceGroupConfiguration.ServiceConfiguration(
            service: feed, successTerminationBehavior: .ignore, failureTerminationBehavior: .gracefullyShutdownGroup)
        let reloads = ReloadSignals(signals: settings.reloadSignals, reloader: reloader)
        let services = ([writer] + ticker + [retention]).map { ServiceGroupConfiguration.ServiceConfiguration(service: $0) } + [feedService]
            // The live stream after the server, so it is stopped before it: its open streams end and do not hold it up.
            + ([monitor, alerting, reloads, http, LiveStream(stream: BoardStream(board: monitor.board, hub: streamHub), clock: clock)] as [any Service])
            .map { .init(service: $0) }
            + systemdLink(clock: clock, readiness: readiness, writer: writer, pipeline: pipeline, monitor: monitor, feed: feedStatistics)
        let group = ServiceGroup(
            configuration: ServiceGroupConfiguration(services: services, gracefulShutdownSignals: settings.shutdownSignals, logger: logger))
        defer { pipeline.barEvents.finish() }
        try await group.run()
        logger.info("stopped")
    }

    /// Last, so the first told of shutdown: `STOPPING=1` goes out before anything stops.
    private func systemdLink<C: Clock<Duration>>(
        clock: C, readiness: Readiness, writer: BatchWriter, pipeline: IngestPipeline, monitor: PairMonitor, feed: FeedStatistics
    ) -> [ServiceGroupConfiguration.ServiceConfiguration] {
        guard let systemd = settings.systemd else { return [] }
        let health = DaemonHealth(symbols: pipeline.symbols, feed: feed, monitor: monitor, nowMs: settings.nowMs)
        let link = SystemdLink(
            notify: systemd, readiness: readiness, watchdog: settings.watchdog, clock: clock, status: health.statusLine,
            alive: {
                // A wedged writer never returns from this, and the pings stop.
                _ = await writer.commitQueued()
                return health.enginesMoving()
            })
        return [.init(service: link)]
    }

    /// The feed `feed.source` names, made anew (resuming from the stored ids) whenever a reload changes its settings.
    private func makeFeed<C: Clock<Duration>>(
        clock: C, database: TradeDatabase, pipeline: IngestPipeline, statistics: FeedStatistics
    ) -> FeedSupervisor {
        let (settings, logger) = (settings, logger)
        return FeedSupervisor(.init(feed: configuration.feed, symbols: configuration.symbols)) { setup in
            // A replaced feed's connections are gone; its successor reports its own.
            statistics.resetConnections()
            statistics.declare(symbols: setup.symbols)
            let context = FeedFactory.Context(
                clock: clock, nowMs: settings.nowMs, statistics: statistics, logger: logger,
                resumeFrom: { try database.lastTradeIDs(symbols: setup.symbols) })
            return try FeedFactory.make(setup.feed, symbols: setup.symbols, context: context, handler: pipeline.handle)
        }
    }

    /// Alerting on the monitor's board; `feed_stale_seconds` counts from the last trade of a symbol, received or
    /// stored before the start (so a restart while the feed is down neither resolves nor fires again a stale alert),
    /// or from the start for a symbol that has none.
    private func makeAlerting<C: Clock<Duration>>(
        clock: C, store: AlertStore, board: PairBoard, symbols: SymbolStatistics, storedTradeTimes: [String: Int64], client: HTTPClient,
        statistics: AlertingStatistics, transitions: @escaping @Sendable ([AlertTransitionEvent]) -> Void
    ) -> AlertingService<C> {
        let startedMs = settings.nowMs()
        let alerting = configuration.alerting
        return AlertingService(
            rules: AlertingSetup.rules(alerting),
            notifiers: notifiers(alerting, client: client),
            board: board, store: store,
            staleness: { nowMs in
                let seen = symbols.snapshot
                return { symbol in
                    let last = [seen[symbol]?.lastTimeMs, storedTradeTimes[symbol]].compactMap { $0 }.max() ?? startedMs
                    return Double(nowMs - last) / 1_000
                }
            },
            settings: AlertingSetup.settings(alerting, seed: UInt64(truncatingIfNeeded: startedMs)), clock: clock, nowMs: settings.nowMs,
            statistics: statistics, logger: logger, transitions: transitions)
    }

    private func notifiers(_ alerting: AlertingConfig, client: HTTPClient) -> [any Notifier] {
        AlertingSetup.notifiers(
            alerting, externalURL: AlertingSetup.externalURL(alerting, listenAddress: settings.listenAddress), client: client, nowMs: settings.nowMs,
            logger: logger)
    }

    private static func retentionPolicy(_ configuration: PairWatchConfiguration) -> RetentionPolicy {
        let bars = configuration.timeframes.map { ($0, configuration.storage.barRetention(for: $0).milliseconds) }
        return .init(tradeRetentionMs: configuration.storage.retention.milliseconds, barRetentionMs: Dictionary(uniqueKeysWithValues: bars))
    }
}

/// The live stream's feed (``BoardStream``) until shutdown, which ends every open stream.
struct LiveStream<C: Clock<Duration>>: Service {
    let stream: BoardStream
    let clock: C

    func run() async throws {
        await cancelWhenGracefulShutdown { await stream.run(clock: clock) }
    }
}

/// Reloads the configuration on each reload signal (SIGHUP) until shutdown.
struct ReloadSignals: Service {
    let signals: [UnixSignal]
    let reloader: ConfigReloader

    func run() async throws {
        guard !signals.isEmpty else { return try await gracefulShutdown() }
        let received = await UnixSignalsSequence(trapping: signals)
        for await _ in received.cancelOnGracefulShutdown() { _ = await reloader.reload() }
    }
}

extension UploadSettings.Values {
    /// The upload rules of a configuration: its `web` token and limit, and its timeframes.
    init(_ configuration: PairWatchConfiguration) {
        self.init(token: configuration.web.apiToken, maxBytes: configuration.web.maxUploadBytes, timeframes: configuration.timeframes)
    }
}

extension PairWatchConfiguration {
    /// What the API tells of this configuration.
    var apiSummary: RunningConfiguration.Summary {
        .init(
            symbols: symbols, timeframes: timeframes, feedSource: feed.source.rawValue, storagePath: storage.path, pairs: pairs.count,
            alertRules: alerting.rules.count, receivers: alerting.receivers.names)
    }

    /// Every configured pair on each of its timeframes, with the settings of its statistics.
    func pairSeries() throws -> [PairSeriesSettings] {
        try pairs.flatMap { pair in
            let configuration = try pair.statisticsConfiguration()
            return pair.effectiveTimeframes(in: self).map { timeframe in
                PairSeriesSettings(series: PairSeries(a: pair.a, b: pair.b, timeframe: timeframe), configuration: configuration)
            }
        }
    }
}
