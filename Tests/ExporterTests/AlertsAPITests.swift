// SPDX-License-Identifier: Apache-2.0
import Foundation
import Hummingbird
import Testing

@testable import Alerting
@testable import Exporter

/// `GET /api/v1/alerts`: Prometheus' shape, times in RFC 3339, values as strings, pairwatch's additions.
struct AlertsAPITests {
    @Test func response_whenAlertsAreListed_isPrometheusShapedJSON() {
        let labels = ["alertname": "SpreadZscoreHigh", "pair": "BTCUSDT/ETHUSDT", "timeframe": "1m", "severity": "warning"]
        let listing = AlertListing(alerts: [
            .init(
                fingerprint: "0123456789abcdef", state: .firing, labels: labels, annotations: ["value": "2.5"], activeSinceMs: 1_800_000_000_000,
                firedAtMs: 1_800_000_120_500, resolvedAtMs: nil, value: 2.5),
            .init(
                fingerprint: "fedcba9876543210", state: .resolved, labels: labels, annotations: [:], activeSinceMs: 1_700_000_000_000,
                firedAtMs: 1_700_000_000_000, resolvedAtMs: 1_700_000_060_000, value: nil),
        ])
        #expect(AlertsAPI.response(listing).headers[.contentType] == "application/json")
        let text = String(buffer: AlertsAPI.json(listing))
        let expected = #"""
            {"data":{"alerts":[{"activeAt":"2027-01-15T08:00:00.000Z","annotations":{"value":"2.5"},"fingerprint":"0123456789abcdef",\#
            "firedAt":"2027-01-15T08:02:00.500Z","labels":{"alertname":"SpreadZscoreHigh","pair":"BTCUSDT\/ETHUSDT","severity":"warning",\#
            "timeframe":"1m"},"state":"firing","value":"2.5"},{"activeAt":"2023-11-14T22:13:20.000Z","annotations":{},\#
            "fingerprint":"fedcba9876543210","firedAt":"2023-11-14T22:13:20.000Z","labels":{"alertname":"SpreadZscoreHigh",\#
            "pair":"BTCUSDT\/ETHUSDT","severity":"warning","timeframe":"1m"},"resolvedAt":"2023-11-14T22:14:20.000Z","state":"resolved"}]},\#
            "status":"success"}
            """#
        #expect(text == expected)
    }
}
