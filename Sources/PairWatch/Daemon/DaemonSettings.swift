// SPDX-License-Identifier: Apache-2.0
import Exporter
import Foundation
import PairWatchConfig
import ServiceLifecycle
import UnixSignals

/// What the daemon takes from the command line rather than from the configuration file.
public struct DaemonSettings: Sendable {
    public var listenAddress: ListenAddress
    public var telemetryPath: String
    /// Signals that begin a graceful shutdown; empty in tests, which cancel the task instead.
    public var shutdownSignals: [UnixSignal]
    /// Signals that reload the configuration (SIGHUP for the command line; none in tests, which call the reloader).
    public var reloadSignals: [UnixSignal]
    /// `--web.enable-lifecycle`: whether `POST /-/reload` may reload the configuration.
    public var enableLifecycle: Bool
    /// Reads the configuration again for a reload (the file with the command line's overrides); nil when there is no
    /// file to read.
    public var reloadConfiguration: (@Sendable () throws -> PairWatchConfiguration)?
    /// The clock every timer of the daemon sleeps on (batch commits, bar ticks, retention, feeds); tests inject one.
    public var clock: any Clock<Duration>
    /// Wall-clock time in milliseconds since the epoch, for bars closed by time and simulated trade times.
    public var nowMs: @Sendable () -> Int64
    /// The service manager to tell of readiness, reloads and shutdown (`Type=notify`); nil when not run by systemd.
    public var systemd: SystemdNotify?
    /// The unit's `WatchdogSec=`, when systemd expects `WATCHDOG=1`.
    public var watchdog: Duration?
    /// `--web.config.file`: TLS and basic-auth users in the exporter-toolkit's format, read again on every
    /// handshake and request; nil serves plain HTTP without passwords.
    public var webConfigFile: String?

    public init(
        listenAddress: ListenAddress, telemetryPath: String = "/metrics", shutdownSignals: [UnixSignal] = [], reloadSignals: [UnixSignal] = [],
        enableLifecycle: Bool = false, reloadConfiguration: (@Sendable () throws -> PairWatchConfiguration)? = nil,
        clock: any Clock<Duration>, nowMs: @escaping @Sendable () -> Int64 = wallClockMilliseconds, systemd: SystemdNotify? = nil,
        watchdog: Duration? = nil, webConfigFile: String? = nil
    ) {
        self.listenAddress = listenAddress
        self.telemetryPath = telemetryPath
        self.shutdownSignals = shutdownSignals
        self.reloadSignals = reloadSignals
        self.enableLifecycle = enableLifecycle
        self.reloadConfiguration = reloadConfiguration
        self.clock = clock
        self.nowMs = nowMs
        self.systemd = systemd
        self.watchdog = watchdog
        self.webConfigFile = webConfigFile
    }
}

/// Milliseconds since the epoch by the system's real-time clock.
@Sendable public func wallClockMilliseconds() -> Int64 {
    Int64((Date().timeIntervalSince1970 * 1_000).rounded(.down))
}
