// SPDX-License-Identifier: Apache-2.0
import Testing

@testable import Alerting

// Expected dates from Python: datetime(1970, 1, 1, tzinfo=timezone.utc) + timedelta(milliseconds=t), and
// email.utils.parsedate_to_datetime for the HTTP-date.

@Test func alertTimestamp_whenFormattingMilliseconds_writesRFC3339UTCWithMilliseconds() {
    #expect(AlertTimestamp.rfc3339(milliseconds: 0) == "1970-01-01T00:00:00.000Z")
    #expect(AlertTimestamp.rfc3339(milliseconds: -1) == "1969-12-31T23:59:59.999Z")
    #expect(AlertTimestamp.rfc3339(milliseconds: 951_782_400_000) == "2000-02-29T00:00:00.000Z")
    #expect(AlertTimestamp.rfc3339(milliseconds: 4_102_444_799_999) == "2099-12-31T23:59:59.999Z")
    #expect(AlertTimestamp.rfc3339(milliseconds: 1_764_412_402_123) == "2025-11-29T10:33:22.123Z")
}

@Test func retryAfter_whenGivenSecondsOrAnHTTPDate_isTheDelayFromNow() {
    let dateMs: Int64 = 784_111_777_000  // Sun, 06 Nov 1994 08:49:37 GMT
    #expect(RetryAfter.delay("120", nowMs: 0) == .seconds(120))
    #expect(RetryAfter.delay(" 0 ", nowMs: 0) == .zero)
    #expect(RetryAfter.delay("Sun, 06 Nov 1994 08:49:37 GMT", nowMs: dateMs - 1_500) == .milliseconds(1_500))
    #expect(RetryAfter.delay("Sun, 06 Nov 1994 08:49:37 GMT", nowMs: dateMs + 60_000) == .zero)
}

@Test func retryAfter_whenUnreadable_isNil() {
    for value in ["", "-5", "1.5", "soon", "Sunday, 06-Nov-94 08:49:37 GMT", "Sun Nov  6 08:49:37 1994", "Sun, 06 Nov 1994 25:49:37 GMT"] {
        #expect(RetryAfter.delay(value, nowMs: 0) == nil, "\(value)")
    }
}

@Test func httpOutcome_whenClassifyingStatuses_followsAlertmanagersRules() {
    func outcome(_ status: Int, retryAfter: String? = nil, location: String? = nil) -> DeliveryOutcome {
        HTTPDelivery.outcome(
            status: status, phrase: "P", location: location, retryAfter: retryAfter, bodyStart: Array("b".utf8), url: "u", nowMs: 0
        )
    }
    #expect(outcome(200) == .delivered && outcome(202) == .delivered && outcome(299) == .delivered)
    #expect(outcome(500) == .retry(reason: "POST u: HTTP 500 P: b", after: nil))
    #expect(outcome(599, retryAfter: "3") == .retry(reason: "POST u: HTTP 599 P: b", after: .seconds(3)))
    #expect(outcome(408) == .retry(reason: "POST u: HTTP 408 P: b", after: nil))
    #expect(outcome(429, retryAfter: "x") == .retry(reason: "POST u: HTTP 429 P: b", after: nil))
    #expect(outcome(400) == .rejected(reason: "POST u: HTTP 400 P: b"))
    #expect(outcome(401) == .rejected(reason: "POST u: HTTP 401 P: b"))
    #expect(outcome(308, location: "http://x/") == .rejected(reason: "POST u: HTTP 308 P, redirect to http://x/ not followed"))
    #expect(outcome(302) == .rejected(reason: "POST u: HTTP 302 P, redirect to no Location not followed"))
}

@Test func httpOutcome_whenWritingATimeout_namesItAsConfigured() {
    #expect(HTTPDelivery.seconds(.seconds(5)) == "5s")
    #expect(HTTPDelivery.seconds(.milliseconds(250)) == "0.25s")
    #expect(HTTPDelivery.seconds(.milliseconds(1_500)) == "1.5s")
}
