// SPDX-License-Identifier: Apache-2.0
import Exporter
import ServiceLifecycle
import UnixSignals

/// What the daemon takes from the command line rather than from the configuration file.
public struct DaemonSettings: Sendable {
    public var listenAddress: ListenAddress
    public var telemetryPath: String
    /// Signals that begin a graceful shutdown; empty in tests, which cancel the task instead.
    public var shutdownSignals: [UnixSignal]

    public init(listenAddress: ListenAddress, telemetryPath: String = "/metrics", shutdownSignals: [UnixSignal] = []) {
        self.listenAddress = listenAddress
        self.telemetryPath = telemetryPath
        self.shutdownSignals = shutdownSignals
    }
}
