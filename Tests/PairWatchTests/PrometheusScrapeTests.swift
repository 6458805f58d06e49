// SPDX-License-Identifier: Apache-2.0
import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import TestSupport
import Testing

/// GET from Prometheus' HTTP API (Foundation's client: Prometheus closes connections the test client keeps open).
private func prometheusAPI(port: Int, _ pathAndQuery: String) async throws -> (status: Int, body: String) {
    guard let url = URL(string: "http://127.0.0.1:\(port)\(pathAndQuery)") else { throw WaitError(description: "bad URL \(pathAndQuery)") }
    let (data, response) = try await URLSession.shared.data(from: url)
    return ((response as? HTTPURLResponse)?.statusCode ?? 0, String(decoding: data, as: UTF8.self))
}

/// A real Prometheus (the Debian package's) scrapes the daemon: the target is up, scraped without error, and the pair
/// gauges are queryable. Prometheus negotiates the exposition format itself (OpenMetrics when offered).
@Test(.enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/prometheus"), "needs /usr/bin/prometheus (apt-get install prometheus)"))
func prometheus_whenScrapingTheDaemon_findsThePairGauges() async throws {
    let folder = try TemporaryDirectory("pairwatch-prometheus")
    defer { folder.remove() }
    let trades = folder.file("trades.csv")
    try cointegratedTrades(minutes: 90, seed: 5).write(toFile: trades, atomically: true, encoding: .utf8)
    let config = folder.file("pairwatch.yml")
    try """
        storage: {path: \(folder.file("pairwatch.db")), retention: 5000d, bar_retention: 5000d}
        feed: {source: replay, replay: {file: \(trades), speed: 0}}
        timeframes: [1m]
        pairs: [{a: AAAUSDT, b: BBBUSDT, window: 50, zscore_window: 20}]
        """.write(toFile: config, atomically: true, encoding: .utf8)
    let (daemon, port) = try await RunningPairwatch.serve(["--config.file", config])
    defer { daemon.stop() }
    _ = try await scrapeUntil(port: port) { $0["pairwatch_pair_window_samples{pair=\"AAAUSDT/BBBUSDT\",timeframe=\"1m\"}"] == 50 }

    let prometheusPort = try freePort()
    try """
        global: {scrape_interval: 1s, scrape_timeout: 900ms}
        scrape_configs:
          - job_name: pairwatch
            static_configs: [{targets: ["127.0.0.1:\(port)"]}]
        """.write(toFile: folder.file("prometheus.yml"), atomically: true, encoding: .utf8)
    let prometheus = Process()
    prometheus.executableURL = URL(fileURLWithPath: "/usr/bin/prometheus")
    prometheus.arguments = [
        "--config.file=\(folder.file("prometheus.yml"))", "--storage.tsdb.path=\(folder.file("tsdb"))",
        "--web.listen-address=127.0.0.1:\(prometheusPort)",
    ]
    // Prometheus logs every start-up step on stderr: kept in a file, shown only when the test fails.
    FileManager.default.createFile(atPath: folder.file("prometheus.log"), contents: nil)
    prometheus.standardOutput = FileHandle.nullDevice
    prometheus.standardError = FileHandle(forWritingAtPath: folder.file("prometheus.log"))
    try prometheus.run()
    defer {
        prometheus.terminate()
        prometheus.waitUntilExit()
    }

    let deadline = ContinuousClock.now + .seconds(60)
    var last = ""
    while ContinuousClock.now < deadline {
        if let answer = try? await prometheusAPI(port: prometheusPort, "/api/v1/query?query=pairwatch_pair_hedge_ratio"), answer.status == 200 {
            last = answer.body
            if last.contains("\"pair\":\"AAAUSDT/BBBUSDT\"") { break }
        }
        try await Task.sleep(for: .milliseconds(250))
    }
    let log = (try? String(contentsOfFile: folder.file("prometheus.log"), encoding: .utf8)) ?? ""
    #expect(last.contains("\"pair\":\"AAAUSDT/BBBUSDT\""), "Prometheus never stored the gauge: \(last)\n\(log.suffix(2_000))")
    let targets = try await prometheusAPI(port: prometheusPort, "/api/v1/targets").body
    #expect(targets.contains("\"health\":\"up\""), "\(targets)")
    #expect(targets.contains("\"lastError\":\"\""), "\(targets)")
    let up = try await prometheusAPI(port: prometheusPort, "/api/v1/query?query=up%7Bjob%3D%22pairwatch%22%7D").body
    #expect(up.contains("\"1\"]"), "\(up)")
}
