// SPDX-License-Identifier: Apache-2.0
import Foundation
import TestSupport
import Testing

/// A simulated feed fast enough that counters move between two scrapes a fraction of a second apart, its database
/// and configuration in `folder`.
private func fastSimulation(in folder: TemporaryDirectory) throws -> String {
    try temporaryConfig(
        """
        storage:
          path: \(folder.file("pairwatch.db"))
        feed:
          source: simulate
          simulate: {seed: 3, trades_per_second: 500}
        """, in: folder)
}

@Test func serve_whenSimulatedFeedRuns_exportsMovingSymbolCounters() async throws {
    let folder = try TemporaryDirectory("pairwatch-serve")
    defer { folder.remove() }
    let (daemon, port) = try await RunningPairwatch.serve(["--config.file", try fastSimulation(in: folder)])
    defer { daemon.stop() }
    let first = parseExposition(try await httpGet(port: port, path: "/metrics").body)
    try await Task.sleep(for: .milliseconds(600))
    let (status, body) = try await httpGet(port: port, path: "/metrics")
    #expect(status == 200)
    let second = parseExposition(body)
    for symbol in ["BTCUSDT", "ETHUSDT"] {
        let key = "pairwatch_symbol_trades_total{symbol=\"\(symbol)\"}"
        #expect((second[key] ?? 0) > (first[key] ?? 0))
        #expect((second["pairwatch_symbol_last_price{symbol=\"\(symbol)\"}"] ?? 0) > 0)
        let lastTrade = second["pairwatch_symbol_last_trade_timestamp_seconds{symbol=\"\(symbol)\"}"] ?? 0
        #expect(abs(lastTrade - Date().timeIntervalSince1970) < 30)
    }
    for family in ["process_cpu_seconds_total", "process_resident_memory_bytes", "process_open_fds", "process_start_time_seconds"] {
        #expect(second[family] != nil, "missing \(family)")
    }
    #expect(second.keys.contains { $0.hasPrefix("pairwatch_build_info{version=\"") })
}

@Test func serve_whenStarted_isHealthyAndReady() async throws {
    let folder = try TemporaryDirectory("pairwatch-serve")
    defer { folder.remove() }
    let (daemon, port) = try await RunningPairwatch.serve(["--config.file", try fastSimulation(in: folder)])
    defer { daemon.stop() }
    #expect(try await httpGet(port: port, path: "/-/healthy") == (200, "OK\n"))
    #expect(try await httpGet(port: port, path: "/-/ready") == (200, "OK\n"))
    #expect(try await httpGet(port: port, path: "/").body.contains("pairwatch"))
}

@Test func scrape_whenCheckedByPromtool_hasNoProblems() async throws {
    let folder = try TemporaryDirectory("pairwatch-serve")
    defer { folder.remove() }
    let (daemon, port) = try await RunningPairwatch.serve(["--config.file", try fastSimulation(in: folder)])
    defer { daemon.stop() }
    try await Task.sleep(for: .milliseconds(300))
    let body = try await httpGet(port: port, path: "/metrics").body
    let report = try await promtoolProblems(body)
    #expect(report.isEmpty, "promtool check metrics:\n\(report)")
}

@Test(arguments: [SIGTERM, SIGINT])
func serve_whenSignalled_exitsZeroWithinFiveSeconds(signal: Int32) async throws {
    let folder = try TemporaryDirectory("pairwatch-serve")
    defer { folder.remove() }
    let (daemon, port) = try await RunningPairwatch.serve(["--config.file", try fastSimulation(in: folder)])
    defer { daemon.stop() }
    _ = try await httpGet(port: port, path: "/metrics")
    let sent = ContinuousClock.now
    daemon.signal(signal)
    let status = await daemon.waitForExit()
    #expect(status == 0)
    #expect(ContinuousClock.now - sent < .seconds(5))
    #expect(daemon.stderr.contains("msg=stopped"))
}
