// SPDX-License-Identifier: Apache-2.0
import Testing

@testable import Exporter

private let prometheusAccept =
    "application/openmetrics-text;version=1.0.0,application/openmetrics-text;version=0.0.1;q=0.75,text/plain;version=0.0.4;q=0.5,*/*;q=0.1"

@Test func negotiate_whenPrometheusAsksForOpenMetricsFirst_picksOpenMetrics() {
    #expect(ExpositionFormat.negotiate(accept: prometheusAccept) == .openMetrics)
    #expect(ExpositionFormat.negotiate(accept: "application/openmetrics-text; version=1.0.0; charset=utf-8") == .openMetrics)
    #expect(ExpositionFormat.negotiate(accept: "text/plain;q=0.5, application/openmetrics-text;q=0.6") == .openMetrics)
}

@Test func negotiate_whenTextIsPreferredOrNothingIsSaid_picksText004() {
    #expect(ExpositionFormat.negotiate(accept: nil) == .prometheusText)
    #expect(ExpositionFormat.negotiate(accept: "*/*") == .prometheusText)
    #expect(ExpositionFormat.negotiate(accept: "text/plain;version=0.0.4") == .prometheusText)
    #expect(ExpositionFormat.negotiate(accept: "application/openmetrics-text;q=0.4,text/plain;q=0.5") == .prometheusText)
    #expect(ExpositionFormat.negotiate(accept: "application/openmetrics-text;q=0, */*") == .prometheusText)
    #expect(ExpositionFormat.negotiate(accept: "application/openmetrics-text;version=2.0.0") == .prometheusText)
    #expect(ExpositionFormat.negotiate(accept: "application/json") == .prometheusText)
}

@Test func acceptsGzip_whenListedWithPositiveWeight_isTrue() {
    #expect(ExpositionFormat.acceptsGzip("gzip"))
    #expect(ExpositionFormat.acceptsGzip("deflate, gzip;q=0.5"))
    #expect(ExpositionFormat.acceptsGzip("*"))
    #expect(!ExpositionFormat.acceptsGzip(nil))
    #expect(!ExpositionFormat.acceptsGzip("gzip;q=0"))
    #expect(!ExpositionFormat.acceptsGzip("gzip;q=0, *"))
    #expect(!ExpositionFormat.acceptsGzip("identity, br"))
}
