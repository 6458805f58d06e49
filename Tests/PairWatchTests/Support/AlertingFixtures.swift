// SPDX-License-Identifier: Apache-2.0
import Foundation
import MarketData
import TestSupport

/// A seed-format trade file (`timestamp,symbol,price,size`) of a cointegrated BTCUSDT/ETHUSDT: one trade per symbol
/// every 15 s for `minutes` minutes from 2024-01-01, ETHUSDT a random walk and BTCUSDT = 5 + 1.5·ETHUSDT + i.i.d.
/// uniform noise, plus `excursion` over the last `excursionMinutes` minutes.
///
/// The noise is bounded (uniform on ±0.4), so the z-score of the spread before the excursion stays within about
/// √3 and no alert above 3 can fire by chance; a step of `excursion` ≫ 0.4 over a fraction p of the z-score window
/// ends with a z-score of about √((1 − p)/p) (4.4 for 30 of 600 bars).
func spreadExcursionTrades(minutes: Int, excursionMinutes: Int, excursion: Double, seed: UInt64) -> String {
    var random = SplitMix64(seed: seed)
    var eth = 100.0
    var rows = ["timestamp,symbol,price,size"]
    let start: Int64 = 1_704_067_200_000
    for step in 0..<(minutes * 4) {
        eth += Double.random(in: -0.5...0.5, using: &random)
        let offset = step / 4 >= minutes - excursionMinutes ? excursion : 0
        let btc = 5 + 1.5 * eth + Double.random(in: -0.4...0.4, using: &random) + offset
        let time = start + Int64(step) * 15_000
        rows.append("\(time),BTCUSDT,\((btc * 100).rounded() / 100),1")
        rows.append("\(time + 1),ETHUSDT,\((eth * 100).rounded() / 100),1")
    }
    return rows.joined(separator: "\n") + "\n"
}

/// The `alerting.receivers` entry of one webhook named `ops`.
func opsWebhook(port: Int, secretFile: String? = nil, timeout: String = "2s") -> String {
    let secret = secretFile.map { ", secret_file: \($0)" } ?? ""
    return "webhooks: [{name: ops, url: \"http://127.0.0.1:\(port)/hook\"\(secret), timeout: \(timeout)}]"
}

/// The daemon's log lines (`--log.format json`) whose message starts with `prefix`, as untyped JSON objects.
func jsonLogLines(_ stderr: String, messageStartingWith prefix: String) -> [[String: String]] {
    stderr.split(separator: "\n").compactMap { line in
        guard let object = (try? JSONSerialization.jsonObject(with: Data(line.utf8))) as? [String: Any] else { return nil }
        let fields = object.compactMapValues { $0 as? String }
        return fields["msg"]?.hasPrefix(prefix) == true ? fields : nil
    }
}

/// The alerts `GET /api/v1/alerts` of the daemon on `port` lists, as untyped JSON.
func listedAlerts(port: Int) async throws -> [[String: Any]] {
    let (status, body) = try await httpGet(port: port, path: "/api/v1/alerts")
    let object = try JSONSerialization.jsonObject(with: Data(body.utf8)) as? [String: Any]
    guard status == 200, let data = object?["data"] as? [String: Any], let alerts = data["alerts"] as? [[String: Any]] else {
        throw WaitError(description: "/api/v1/alerts answered \(status): \(body)")
    }
    return alerts
}

/// Posts `/-/reload` to the daemon and fails unless it answers 200.
func reloadDaemon(port: Int) async throws {
    let (status, body) = try await httpPost(port: port, path: "/-/reload")
    guard status == 200 else { throw WaitError(description: "reload answered \(status): \(body)") }
}
