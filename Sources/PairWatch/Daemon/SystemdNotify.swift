// SPDX-License-Identifier: Apache-2.0
import CSystemd
import Foundation

/// Messages to the service manager of a `Type=notify` unit (sd_notify(3)): `READY=1`, `STATUS=`, `RELOADING=1`,
/// `STOPPING=1` and the watchdog's `WATCHDOG=1`. Sent through libsystemd to `$NOTIFY_SOCKET`.
public struct SystemdNotify: Sendable {
    let send: @Sendable (String) -> Void

    public init(send: @escaping @Sendable (String) -> Void) {
        self.send = send
    }

    /// The link to systemd when it started this process with a notify socket; nil otherwise.
    public static func fromEnvironment() -> SystemdNotify? {
        guard ProcessInfo.processInfo.environment["NOTIFY_SOCKET"] != nil else { return nil }
        return SystemdNotify { state in _ = sd_notify(0, state) }
    }

    /// `WatchdogSec=` of the unit when the watchdog is on for this process (`$WATCHDOG_USEC`, `$WATCHDOG_PID`).
    public static func watchdogInterval() -> Duration? {
        var microseconds: UInt64 = 0
        guard sd_watchdog_enabled(0, &microseconds) > 0, microseconds > 0 else { return nil }
        return .microseconds(Int64(clamping: microseconds))
    }

    /// `RELOADING=1` with the `MONOTONIC_USEC` systemd 253 and later ask for, so `systemctl reload` waits for the
    /// `READY=1` that ends the reload.
    func reloading() {
        var now = timespec()
        clock_gettime(CLOCK_MONOTONIC, &now)
        send("RELOADING=1\nMONOTONIC_USEC=\(Int64(now.tv_sec) * 1_000_000 + Int64(now.tv_nsec) / 1_000)")
    }
}
