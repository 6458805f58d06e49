// SPDX-License-Identifier: Apache-2.0
import ArgumentParser
import Exporter
import PairWatch
import PairWatchConfig
import UnixSignals

/// `pairwatch serve`: the daemon.
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Run the daemon: ingest trades, keep the pair statistics and serve them at /metrics.",
        discussion: """
            Every configured pair and timeframe gets the pairwatch_pair_* gauges at /metrics (hedge ratio, \
            intercept, spread, z-score, ADF and cointegration statistics, half-life, correlation), labelled \
            pair="A/B" and timeframe, besides the per-symbol, storage and process metrics. A statistic that \
            cannot be computed yet (too few bars) has no sample rather than NaN.

            Stops gracefully on SIGTERM or SIGINT; SIGHUP (or POST /-/reload with --web.enable-lifecycle) re-reads \
            the configuration file. Examples:
              pairwatch serve
              pairwatch serve --config.file /etc/pairwatch/pairwatch.yml --web.listen-address :7247
              pairwatch serve --feed replay:BTCUSDT-aggTrades-2024-01-01.csv --log.format json
              pairwatch serve --web.config.file /etc/pairwatch/web-config.yml
            """
    )

    @OptionGroup var config: ConfigOptions

    @Option(name: .customLong("web.listen-address"), help: "Address on which to expose metrics and the web interface.")
    var listenAddress = "127.0.0.1:7247"

    @Option(name: .customLong("web.telemetry-path"), help: "Path under which to expose metrics.")
    var telemetryPath = "/metrics"

    @Flag(name: .customLong("web.enable-lifecycle"), help: "Enable reloading the configuration via HTTP (POST /-/reload).")
    var enableLifecycle = false

    @Option(
        name: .customLong("web.config.file"),
        help: ArgumentHelp("Path to a web config file (TLS and basic auth, as the Prometheus exporter-toolkit's).", valueName: "path"))
    var webConfigFile: String?

    @Option(name: .customLong("storage.path"), help: ArgumentHelp("SQLite database file; overrides storage.path.", valueName: "path"))
    var storagePath: String?

    @Option(help: ArgumentHelp("Trade source; overrides feed.source: simulate, binance or replay:FILE.", valueName: "source"))
    var feed: String?

    @OptionGroup var log: LogOptions

    func validate() throws {
        guard telemetryPath.hasPrefix("/"), telemetryPath.count > 1 else {
            throw ValidationError("web.telemetry-path: expected a path starting with \"/\", found \"\(telemetryPath)\"")
        }
        _ = try parsedListenAddress()
    }

    func run() async throws {
        log.bootstrap()
        let (path, storagePath, feed) = (config.path, storagePath, feed)
        let overrides: @Sendable (inout PairWatchConfiguration) throws -> Void = { configuration in
            if let storagePath { try configuration.applyStoragePathOverride(storagePath) }
            if let feed { try configuration.applyFeedOverride(feed) }
        }
        let configuration = try config.load(overrides)
        let settings = DaemonSettings(
            listenAddress: try parsedListenAddress(), telemetryPath: telemetryPath, shutdownSignals: [.sigterm, .sigint], reloadSignals: [.sighup],
            enableLifecycle: enableLifecycle,
            reloadConfiguration: {
                var configuration = try PairWatchConfiguration.load(path: path)
                try overrides(&configuration)
                return configuration
            },
            clock: ContinuousClock(), systemd: SystemdNotify.fromEnvironment(), watchdog: SystemdNotify.watchdogInterval(),
            webConfigFile: webConfigFile)
        let daemon = Daemon(configuration: configuration, settings: settings)
        try await CommandFailure.reporting { try await daemon.run() }
    }

    private func parsedListenAddress() throws -> ListenAddress {
        do {
            return try ListenAddress(parsing: listenAddress)
        } catch {
            throw ValidationError("\(error)")
        }
    }
}
