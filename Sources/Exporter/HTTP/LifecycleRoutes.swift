// SPDX-License-Identifier: Apache-2.0
import Hummingbird

extension ExporterRoutes {
    /// What a reload did: nil when it succeeded, else every error, one per line.
    public typealias Reload = @Sendable () async -> String?

    /// Adds `POST /-/reload`, as Prometheus and Alertmanager have it: re-reads the configuration file when the daemon
    /// runs with `--web.enable-lifecycle`, and answers 403 without it, so a process that can reach the port cannot
    /// change what the daemon does unless the operator allowed it.
    public mutating func addLifecycle(enabled: Bool, reload: @escaping Reload) {
        on("/-/reload", method: .post) { _ in
            guard enabled else {
                return textResponse(.forbidden, "Lifecycle API is not enabled (start pairwatch with --web.enable-lifecycle)\n")
            }
            if let errors = await reload() {
                return textResponse(.internalServerError, "failed to reload config:\n\(errors)\n")
            }
            return textResponse(.ok, "OK\n")
        }
    }
}
