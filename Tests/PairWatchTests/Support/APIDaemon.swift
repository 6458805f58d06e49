// SPDX-License-Identifier: Apache-2.0
import Foundation
import Testing
import TestSupport

/// `pairwatch serve` replaying 80 minutes of a cointegrated pair AAAUSDT/BBBUSDT (1m bars, window 50) to the end,
/// for tests of the JSON API: the stored bars and the pair's statistics no longer change once it returns.
struct ReplayedAPIDaemon {
    let folder: TemporaryDirectory
    let daemon: RunningPairwatch
    let port: Int
    let database: String

    /// `apiToken` enables uploads with that token.
    static func start(seed: UInt64 = 77, apiToken: String? = nil) async throws -> ReplayedAPIDaemon {
        print("ReplayedAPIDaemon seed \(seed)")
        let folder = try TemporaryDirectory("pairwatch-api")
        if let apiToken { try apiToken.write(toFile: folder.file("token"), atomically: true, encoding: .utf8) }
        let (trades, _) = replayTrades(minutes: 80, startMs: 1_699_999_980_000, seed: seed)
        try trades.write(toFile: folder.file("trades.csv"), atomically: true, encoding: .utf8)
        let database = folder.file("p.db")
        let config = try temporaryConfig(
            """
            storage: {path: \(database), retention: 5000d, bar_retention: 5000d}
            feed: {source: replay, replay: {file: \(folder.file("trades.csv")), speed: 0}}
            timeframes: [1m]
            pairs:
              - {a: AAAUSDT, b: BBBUSDT, method: huber, window: 50, zscore_window: 20}
            \(apiToken == nil ? "" : "web: {api_token_file: \(folder.file("token"))}")
            """, in: folder)
        let (daemon, port) = try await RunningPairwatch.serve(["--config.file", config])
        _ = try await daemon.waitForStderr { $0.contains("replay finished") ? true : nil }
        let started = ReplayedAPIDaemon(folder: folder, daemon: daemon, port: port, database: database)
        try await started.waitForSettledPair()
        return started
    }

    /// Waits until the monitor has computed the last replayed bar: two reads of the pair a moment apart agree.
    private func waitForSettledPair() async throws {
        var previous = ""
        for _ in 0..<150 {
            let body = try await httpGet(port: port, path: "/api/v1/pairs").body
            if body == previous, body.contains("\"samples\":50") { return }
            previous = body
            try await Task.sleep(for: .milliseconds(200))
        }
        throw WaitError(description: "the pair did not settle within 30 s: \(previous)")
    }

    /// GET returning the status and the body parsed as a JSON object.
    func json(_ path: String) async throws -> (status: Int, object: [String: Any]) {
        let (status, body) = try await httpGet(port: port, path: path)
        let object = try JSONSerialization.jsonObject(with: Data(body.utf8)) as? [String: Any]
        return (status, try #require(object, "\(path) answered \(status) with a body that is not a JSON object: \(body)"))
    }

    func stop() {
        daemon.signal(SIGKILL)
        folder.remove()
    }
}
