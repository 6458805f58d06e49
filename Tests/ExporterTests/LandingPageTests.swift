// SPDX-License-Identifier: Apache-2.0
import Testing

@testable import Exporter

@Test func landingPage_whenRendered_namesThePairGaugesAsTheREADMEAndHelpDo() {
    let page = LandingPage(buildInfo: BuildInfo(version: "0.1.0", revision: "abc", swiftVersion: "6.3"), telemetryPath: "/metrics").html
    let words = page.split(whereSeparator: \.isWhitespace).joined(separator: " ")
    #expect(words.contains("for every configured pair and timeframe, the hedge ratio, spread, z-score, ADF and cointegration statistics"))
    #expect(words.contains("gauges (<code>pairwatch_pair_*</code>, labelled <code>pair</code> and <code>timeframe</code>)"))
}
