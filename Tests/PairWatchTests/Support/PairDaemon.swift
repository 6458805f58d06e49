// SPDX-License-Identifier: Apache-2.0
import Foundation
import MarketData
import HummingbirdTesting
import NIOCore
import TestSupport

/// A seed-format trade file (`timestamp,symbol,price,size`) of cointegrated symbols: one trade per symbol every
/// 15 s for `minutes` minutes from 2024-01-01, B and C random walks and A = 5 + 1.5·B + AR(1) noise.
func cointegratedTrades(minutes: Int, seed: UInt64) -> String {
    var random = SplitMix64(seed: seed)
    var b = 100.0, c = 50.0, noise = 0.0
    var rows = ["timestamp,symbol,price,size"]
    let start: Int64 = 1_704_067_200_000
    for step in 0..<(minutes * 4) {
        b += Double.random(in: -0.5...0.5, using: &random)
        c += Double.random(in: -0.3...0.3, using: &random)
        noise = 0.7 * noise + Double.random(in: -0.4...0.4, using: &random)
        let time = start + Int64(step) * 15_000
        for (offset, (symbol, price)) in [("AAAUSDT", 5 + 1.5 * b + noise), ("BBBUSDT", b), ("CCCUSDT", c)].enumerated() {
            rows.append("\(time + Int64(offset)),\(symbol),\((price * 100).rounded() / 100),1")
        }
    }
    return rows.joined(separator: "\n") + "\n"
}

/// The `pairwatch_pair_*` samples of an exposition, keyed as written.
func pairGauges(_ exposition: [String: Double]) -> [String: Double] {
    exposition.filter { $0.key.hasPrefix("pairwatch_pair_") }
}

/// One HTTP POST against a server on 127.0.0.1.
func httpPost(port: Int, path: String) async throws -> (status: Int, body: String) {
    try await TestClient.withClient(host: "127.0.0.1", port: port) { client in
        let response = try await client.post(path, body: ByteBuffer())
        return (Int(response.status.code), response.body.map { String(buffer: $0) } ?? "")
    }
}

/// Scrapes until `done` accepts the samples; fails after `timeout` with the last scrape.
func scrapeUntil(port: Int, timeout: Duration = .seconds(60), _ done: ([String: Double]) -> Bool) async throws -> [String: Double] {
    let deadline = ContinuousClock.now + timeout
    var last: [String: Double] = [:]
    while ContinuousClock.now < deadline {
        last = parseExposition(try await httpGet(port: port, path: "/metrics").body)
        if done(last) { return last }
        try await Task.sleep(for: .milliseconds(100))
    }
    throw WaitError(description: "metrics never reached the expected state; last scrape:\n\(pairGauges(last).sorted { $0.key < $1.key })")
}

/// Polls `/-/ready` until it answers 200; the answers before it are returned for inspection.
func waitUntilReady(port: Int, timeout: Duration = .seconds(30)) async throws -> [String] {
    let deadline = ContinuousClock.now + timeout
    var answers: [String] = []
    while ContinuousClock.now < deadline {
        let (status, body) = try await httpGet(port: port, path: "/-/ready")
        if status == 200 { return answers }
        answers.append(body)
        try await Task.sleep(for: .milliseconds(20))
    }
    throw WaitError(description: "never ready: \(answers.suffix(3))")
}

/// What `promtool check metrics` says about an exposition (empty when it is clean).
func promtoolProblems(_ exposition: String) async throws -> String {
    let result = try await runToCompletion("/usr/bin/env", ["promtool", "check", "metrics"], input: Data(exposition.utf8))
    return result.status == 0 ? result.output : "exit \(result.status): \(result.output)"
}

/// The label block of a pair series as exported: `{pair="A/B",timeframe="1m"}`.
func label(_ pair: String, _ timeframe: String = "1m") -> String { "{pair=\"\(pair)\",timeframe=\"\(timeframe)\"}" }
