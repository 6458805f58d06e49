// SPDX-License-Identifier: Apache-2.0
import Synchronization

/// `pairwatch_config_last_reload_*`: whether the last attempt to load the configuration file succeeded and when one
/// last did, as Prometheus and Alertmanager export them (the start-up load counts as the first success).
public final class ConfigMetrics: MetricsCollector {
    public struct Snapshot: Sendable {
        var successful = true
        var lastSuccessMs: Int64
    }

    private let state: Mutex<Snapshot>

    public init(loadedAtMs: Int64) {
        state = Mutex(Snapshot(lastSuccessMs: loadedAtMs))
    }

    public func recordSuccess(atMs: Int64) {
        state.withLock { $0 = Snapshot(successful: true, lastSuccessMs: atMs) }
    }

    public func recordFailure() {
        state.withLock { $0.successful = false }
    }

    public func snapshot() -> Snapshot { state.withLock { $0 } }

    public func write(_ snapshot: Snapshot, to encoder: inout MetricsEncoder) async {
        await encoder.family(
            "pairwatch_config_last_reload_successful", help: "Whether the last configuration reload attempt was successful.", type: .gauge)
        await encoder.sample(snapshot.successful ? 1 : 0)
        await encoder.family(
            "pairwatch_config_last_reload_success_timestamp_seconds", help: "Timestamp of the last successful configuration reload.", type: .gauge)
        await encoder.sample(Double(snapshot.lastSuccessMs) / 1_000)
    }
}
