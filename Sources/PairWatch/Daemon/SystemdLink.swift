// SPDX-License-Identifier: Apache-2.0
import Exporter
import ServiceLifecycle

/// Keeps systemd informed: `READY=1` once the daemon is ready (storage open, pair series restored, HTTP bound), a
/// `STATUS=` line every few seconds, `WATCHDOG=1` at half the unit's `WatchdogSec=` while the pipeline shows it is
/// alive, and `STOPPING=1` when shutdown begins. The last service of the group, so the first told of shutdown.
///
/// The watchdog is fed from evidence, not a timer: a wedged writer or pair engine stops the pings, and systemd
/// restarts the daemon.
struct SystemdLink<C: Clock<Duration>>: Service {
    let notify: SystemdNotify
    let readiness: Readiness
    let watchdog: Duration?
    let clock: C
    /// The one-line summary for `STATUS=`.
    let status: @Sendable () -> String
    /// Whether the pipeline is alive; a wedged part never answers, which stops the pings just as well.
    let alive: @Sendable () async -> Bool

    static var statusInterval: Duration { .seconds(10) }

    func run() async throws {
        do {
            try await cancelWhenGracefulShutdown { try await notifyUntilCancelled() }
        } catch is CancellationError {}
        notify.send("STOPPING=1")
    }

    private func notifyUntilCancelled() async throws {
        try await waitUntilReady()
        notify.send("READY=1\nSTATUS=\(status())")
        let period = min(watchdog.map { $0 / 2 } ?? Self.statusInterval, Self.statusInterval)
        var sinceStatus = Duration.zero
        while true {
            try await clock.sleep(for: period)
            sinceStatus += period
            var message: [String] = []
            if watchdog != nil, await alive() { message.append("WATCHDOG=1") }
            if sinceStatus >= Self.statusInterval {
                message.append("STATUS=\(status())")
                sinceStatus = .zero
            }
            if !message.isEmpty { notify.send(message.joined(separator: "\n")) }
        }
    }

    private func waitUntilReady() async throws {
        while readiness.notReadyReason != nil {
            try await clock.sleep(for: .milliseconds(50))
        }
    }
}
