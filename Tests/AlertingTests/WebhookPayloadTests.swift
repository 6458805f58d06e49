// SPDX-License-Identifier: Apache-2.0
import Testing

@testable import Alerting

@Test func webhookPayload_whenWritingTheGroupKey_quotesValuesAsGoDoes() {
    // strconv.Quote("a\"b\\c\n\x01é\x7f\u0085\a") == `"a\"b\\c\n\x01é\x7f\u0085\a"` in Go.
    #expect(WebhookPayload.goQuoted("a\"b\\c\n\u{01}é\u{7f}\u{85}\u{07}") == #""a\"b\\c\n\x01é\x7f\u0085\a""#)
    #expect(WebhookPayload.labelSetString(["timeframe": "1m", "alertname": "X", "pair": "A/B"]) == #"{alertname="X", pair="A/B", timeframe="1m"}"#)
    #expect(WebhookPayload.labelSetString([:]) == "{}")
}

@Test func webhookPayload_whenTheAlertLacksAGroupLabel_groupsByThoseItHas() {
    let notification = AlertNotification(
        status: .firing, labels: ["alertname": "FeedStale", "severity": "critical"], annotations: [:], startsAtMs: 0, endsAtMs: nil,
        fingerprint: "f", value: nil, threshold: 30
    )
    let payload = WebhookPayload(notification, receiver: "ops", externalURL: "https://pairwatch.internal:9184")
    #expect(payload.groupKey == #"{}:{alertname="FeedStale"}"# && payload.groupLabels == ["alertname": "FeedStale"])
    #expect(payload.alerts.first?.generatorURL == "https://pairwatch.internal:9184/api/v1/alerts")
    #expect(payload.externalURL == "https://pairwatch.internal:9184")
}
