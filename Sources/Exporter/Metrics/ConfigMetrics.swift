// SPDX-License-Identifier: Apache-2.0
import Synchronization

/// `pairwatch_config_last_reload_*`: whether the last attempt to load the configuration file succeeded and when one
/// last did, as Prometheus and Alertmanager export them (the start-up load counts as the first success).
public final class ConfigMetrics: MetricsCollector {
    private struct State {
        var successful = true
        var lastSuccessMs: Int64
    }

    private let state: Mutex<State>

    public init(loadedAtMs: Int64) {
        state = Mutex(State(lastSuccessMs: loadedAtMs))
    }

    public func recordSuccess(atMs: Int64) {
        state.withLock { $0 = State(successful: true, lastSuccessMs: atMs) }
    }

    public func recordFailure() {
        state.withLock { $0.successful = false }
    }

    public func collect() -> [MetricFamily] {
        let current = state.withLock { $0 }
        return [
            .single("pairwatch_config_last_reload_successful", help: "Whether the last configuration reload attempt was successful.",
                    kind: .gauge, value: current.successful ? 1 : 0),
            .single("pairwatch_config_last_reload_success_timestamp_seconds", help: "Timestamp of the last successful configuration reload.",
                    kind: .gauge, value: Double(current.lastSuccessMs) / 1_000),
        ]
    }
}
