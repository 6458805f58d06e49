// SPDX-License-Identifier: Apache-2.0
import Exporter
import Logging
import PairWatchConfig

/// Re-reads the configuration (SIGHUP, `POST /-/reload`) and applies what may change while running: pairs,
/// timeframes, feed symbols and feed settings. A file that fails validation, or changes a setting that only a restart
/// can apply, leaves the running configuration untouched; every error is logged and returned. Reloads run one at a
/// time, in the order they were asked for.
actor ConfigReloader {
    private var running: PairWatchConfiguration
    private let load: @Sendable () throws -> PairWatchConfiguration
    private let apply: @Sendable (PairWatchConfiguration) async throws -> Void
    private let metrics: ConfigMetrics
    private let nowMs: @Sendable () -> Int64
    private let systemd: SystemdNotify?
    private let logger: Logger
    private var busy = false
    private var queue: [CheckedContinuation<Void, Never>] = []

    init(
        running: PairWatchConfiguration, load: @escaping @Sendable () throws -> PairWatchConfiguration,
        apply: @escaping @Sendable (PairWatchConfiguration) async throws -> Void, metrics: ConfigMetrics, nowMs: @escaping @Sendable () -> Int64,
        systemd: SystemdNotify? = nil, logger: Logger
    ) {
        self.running = running
        self.load = load
        self.apply = apply
        self.metrics = metrics
        self.nowMs = nowMs
        self.systemd = systemd
        self.logger = logger
    }

    /// Reloads; nil on success, else every error, one per line.
    func reload() async -> String? {
        while busy { await withCheckedContinuation { queue.append($0) } }
        busy = true
        systemd?.reloading()
        defer {
            systemd?.send("READY=1")
            busy = false
            if !queue.isEmpty { queue.removeFirst().resume() }
        }
        let errors: [String]
        do {
            let next = try load()
            errors = Self.restartNeeded(running, next)
            if errors.isEmpty {
                try await apply(next)
                running = next
            }
        } catch {
            return failed(with: "\(error)".split(separator: "\n").map(String.init))
        }
        guard errors.isEmpty else { return failed(with: errors) }
        metrics.recordSuccess(atMs: nowMs())
        logger.info("configuration reloaded", metadata: ["pairs": "\(running.pairs.count)", "timeframes": "\(running.timeframes.map(\.name))"])
        return nil
    }

    private func failed(with errors: [String]) -> String {
        metrics.recordFailure()
        logger.error("configuration reload failed; the running configuration is kept", metadata: ["errors": "\(errors.joined(separator: "; "))"])
        return errors.joined(separator: "\n")
    }

    /// Settings the running daemon cannot change: the database, how it is written and kept, bar lateness, the kind of
    /// feed. Each is named with the value in use.
    static func restartNeeded(_ old: PairWatchConfiguration, _ new: PairWatchConfiguration) -> [String] {
        var errors: [String] = []
        func check<T: Equatable>(_ key: String, _ path: KeyPath<PairWatchConfiguration, T>) {
            if old[keyPath: path] != new[keyPath: path] {
                errors.append("\(key): changing it needs a restart (running with \(old[keyPath: path]))")
            }
        }
        check("storage.path", \.storage.path)
        check("storage.retention", \.storage.retention)
        check("storage.bar_retention", \.storage.barRetention)
        check("storage.bar_retention_overrides", \.storage.barRetentionOverrides)
        check("storage.batch_size", \.storage.batchSize)
        check("storage.batch_interval", \.storage.batchInterval)
        check("resampler.allowed_lateness", \.resampler.allowedLateness)
        check("feed.source", \.feed.source)
        return errors
    }
}
