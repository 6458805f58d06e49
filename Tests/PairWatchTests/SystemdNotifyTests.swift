// SPDX-License-Identifier: Apache-2.0
import Foundation
import TestSupport
import Testing

/// `pairwatch serve` under a `Type=notify` unit, with a test socket as `$NOTIFY_SOCKET`: `READY=1` with a status
/// once ready, `WATCHDOG=1` at half `WatchdogSec=`, `RELOADING=1` then `READY=1` around a reload, `STOPPING=1` at
/// the end.
@Test func serve_whenRunBySystemd_notifiesReadyWatchdogReloadAndStopping() async throws {
    let folder = try TemporaryDirectory("pairwatch-notify")
    defer { folder.remove() }
    let socket = try DatagramSocket(path: folder.file("notify"))
    let config = try temporaryConfig(
        """
        storage: {path: \(folder.file("pairwatch.db"))}
        feed: {source: simulate}
        timeframes: [1s]
        pairs: [{a: BTCUSDT, b: ETHUSDT, window: 20, zscore_window: 10}]
        """, in: folder)
    let (daemon, _) = try await RunningPairwatch.serve(
        ["--config.file", config], environment: ["NOTIFY_SOCKET": folder.file("notify"), "WATCHDOG_USEC": "1000000"])
    defer { daemon.stop() }
    func next() async throws -> String {
        String(decoding: try await offThePool { try socket.receive(waitingAtMost: 20) }, as: UTF8.self)
    }
    let ready = try await next()
    #expect(ready.hasPrefix("READY=1\nSTATUS=1 pair series; feed 1/1 connections up; "), "\(ready)")
    #expect(ready.hasSuffix(" trades/min"))
    // Half of WatchdogSec=1s: two pings within about a second, each only once the writer and engines answered.
    for _ in 0..<2 { #expect(try await next() == "WATCHDOG=1") }
    daemon.signal(SIGHUP)
    var messages: [String] = []
    while messages.last != "READY=1" { messages.append(try await next()) }
    let reloading = try #require(messages.first { $0.hasPrefix("RELOADING=1") })
    let monotonic = try #require(reloading.split(separator: "\n").last?.split(separator: "=").last.flatMap { Int64($0) })
    var now = timespec()
    clock_gettime(CLOCK_MONOTONIC, &now)
    #expect(reloading.hasPrefix("RELOADING=1\nMONOTONIC_USEC="))
    #expect(abs(Int64(now.tv_sec) * 1_000_000 - monotonic) < 60_000_000, "MONOTONIC_USEC is CLOCK_MONOTONIC in microseconds")
    daemon.signal(SIGTERM)
    while messages.last != "STOPPING=1" { messages.append(try await next()) }
    #expect(await daemon.waitForExit() == 0)
}
