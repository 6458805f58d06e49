// SPDX-License-Identifier: Apache-2.0
import Alerting
import AsyncHTTPClient
import Foundation
import TestSupport

/// Alerts, clients and receivers shared by the notifier tests.
enum NotifierFixtures {
    static let labels = [
        "alertname": "SpreadZscoreHigh", "pair": "BTCUSDT/ETHUSDT", "timeframe": "1m", "severity": "warning", "team": "quant",
    ]
    static let annotations = ["summary": "BTCUSDT/ETHUSDT 1m z=2.4", "value": "2.4", "threshold": "2"]
    /// 2025-11-29T10:33:22.123Z
    static let startsAtMs: Int64 = 1_764_412_402_123
    /// 2025-11-29T10:35:22.456Z
    static let endsAtMs: Int64 = 1_764_412_522_456
    static let externalURL = "http://127.0.0.1:9184/"

    static func firing(labels: [String: String] = labels, value: Double? = 2.4) -> AlertNotification {
        AlertNotification(
            status: .firing, labels: labels, annotations: annotations, startsAtMs: startsAtMs, endsAtMs: nil,
            fingerprint: alertFingerprint(labels), value: value, threshold: 2
        )
    }

    static func resolved(labels: [String: String] = labels, endsAtMs: Int64 = endsAtMs) -> AlertNotification {
        AlertNotification(
            status: .resolved, labels: labels, annotations: annotations, startsAtMs: startsAtMs, endsAtMs: endsAtMs,
            fingerprint: alertFingerprint(labels), value: 1.4, threshold: 2
        )
    }

    static func wallClockMs() -> Int64 { Int64(Date().timeIntervalSince1970 * 1_000) }
}

/// Runs `body` with a receiver on a free port and an HTTP client configured as the notifiers' (or `configuration`),
/// stopping both afterwards whatever `body` does.
func withReceiver<T: Sendable>(
    configuration: HTTPClient.Configuration = .notifiers,
    _ body: @Sendable (RecordingReceiver, Int, HTTPClient) async throws -> T
) async throws -> T {
    let receiver = RecordingReceiver()
    let client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
    do {
        let port = try await receiver.start()
        let result = try await body(receiver, port, client)
        await receiver.stop()
        try await client.shutdown()
        return result
    } catch {
        await receiver.stop()
        try? await client.shutdown()
        throw error
    }
}

/// `body` as untyped JSON, for checking keys and value types as a receiver in another language sees them.
func jsonObject(_ body: [UInt8]) throws -> Any {
    try JSONSerialization.jsonObject(with: Data(body))
}
