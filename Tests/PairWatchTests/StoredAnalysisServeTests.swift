// SPDX-License-Identifier: Apache-2.0
import Foundation
import MarketData
import Testing
import TestSupport

/// The daemon's pair gauges equal `pairwatch analyze` on the bars the daemon stored.
@Suite struct StoredAnalysisServeTests {
    static let gauges = [
        "hedge_ratio", "intercept", "spread", "zscore", "adf_statistic", "adf_pvalue", "coint_pvalue", "half_life_seconds", "correlation",
        "window_samples", "last_update_timestamp_seconds",
    ]

    /// The pair's gauges once two scrapes in a row agree and the window is full, or a failure after 30 s.
    private func stableGauges(port: Int) async throws -> [String: Double] {
        var previous: [String: Double] = [:]
        let deadline = ContinuousClock.now + .seconds(30)
        while ContinuousClock.now < deadline {
            let samples = parseExposition(try await httpGet(port: port, path: "/metrics").body)
            let current = Self.gauges.reduce(into: [String: Double]()) { result, name in
                result[name] = samples["pairwatch_pair_\(name){pair=\"AAAUSDT/BBBUSDT\",timeframe=\"1m\"}"]
            }
            if current["window_samples"] == 50, current == previous { return current }
            previous = current
            try await Task.sleep(for: .milliseconds(200))
        }
        throw WaitError(description: "the pair gauges did not settle within 30 s; last scrape: \(previous)")
    }

    @Test func analyzeStored_whenRunOnTheDaemonsDatabase_equalsTheGauges() async throws {
        let seed: UInt64 = 77
        print("StoredAnalysisServeTests seed \(seed)")
        let folder = try TemporaryDirectory("pairwatch-stored-serve")
        defer { folder.remove() }
        let (trades, lastMs) = replayTrades(minutes: 80, startMs: 1_699_999_980_000, seed: seed)
        try trades.write(toFile: folder.file("trades.csv"), atomically: true, encoding: .utf8)
        let database = folder.file("p.db")
        let config = folder.file("pairwatch.yml")
        try """
            storage: {path: \(database), retention: 5000d, bar_retention: 5000d}
            feed: {source: replay, replay: {file: \(folder.file("trades.csv")), speed: 0}}
            timeframes: [1m]
            pairs:
              - {a: AAAUSDT, b: BBBUSDT, method: huber, window: 50, zscore_window: 20}
            """.write(toFile: config, atomically: true, encoding: .utf8)
        let (daemon, port) = try await RunningPairwatch.serve(["--config.file", config])
        defer { daemon.signal(SIGKILL) }
        _ = try await daemon.waitForStderr { $0.contains("replay finished") ? true : nil }
        let gauges = try await stableGauges(port: port)
        daemon.signal(SIGTERM)
        #expect(await daemon.waitForExit() == 0, "\(daemon.stderr)")

        let arguments = ["analyze", "--storage.path", database, "--pair", "AAAUSDT/BBBUSDT", "--timeframe", "1m", "--window", "50",
                         "--zscore-window", "20", "--method", "huber", "--format", "json"]
        let output = try await runPairwatch(arguments)
        #expect(output.status == 0, "\(output.stderr)")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(output.stdout.utf8)) as? [String: Any])
        let adf = json["adf"] as? [String: Any], coint = json["coint"] as? [String: Any]
        let printed: [String: Double?] = [
            "hedge_ratio": json["hedge_ratio"] as? Double, "intercept": json["intercept"] as? Double, "spread": json["spread_last"] as? Double,
            "zscore": json["zscore_last"] as? Double, "adf_statistic": adf?["statistic"] as? Double, "adf_pvalue": adf?["pvalue"] as? Double,
            "coint_pvalue": coint?["pvalue"] as? Double, "half_life_seconds": (json["half_life_bars"] as? Double).map { $0 * 60 },
            "correlation": json["correlation"] as? Double, "window_samples": (json["samples"] as? Int).map(Double.init),
        ]
        for (name, value) in printed.sorted(by: { $0.key < $1.key }) {
            #expect(value != nil, "\(name) absent from analyze")
            #expect(agree(value, gauges[name]), "\(name): analyze \(String(describing: value)), gauge \(String(describing: gauges[name]))")
        }
        // With the daemon's configuration file, the pair's configured method and windows are the defaults.
        let configured = try await runPairwatch(["analyze", "--config.file", config, "--pair", "AAAUSDT/BBBUSDT", "--timeframe", "1m", "--format", "json"])
        #expect(configured.stdout == output.stdout, "\(configured.stderr)")
        // The gauges cover the closed bars, which are the stored ones: the last stored bar ends at the last update.
        let rolling = try await runPairwatch(arguments + ["--rolling"])
        let lastStart = try #require(rolling.stdout.split(separator: "\n").last.flatMap { Int64($0.dropFirst(13).prefix { $0.isNumber }) })
        #expect(Double(lastStart + 60_000) / 1_000 == gauges["last_update_timestamp_seconds"])
        #expect(lastStart + 60_000 <= lastMs && lastStart >= lastMs - 3 * 60_000, "last stored bar \(lastStart), last trade \(lastMs)")
    }
}
