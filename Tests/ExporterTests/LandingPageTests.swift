// SPDX-License-Identifier: Apache-2.0
import Feeds
import Testing

@testable import Exporter

private let page = LandingPage(buildInfo: BuildInfo(version: "0.1.0", revision: "abc", swiftVersion: "6.3"), telemetryPath: "/metrics")

private func words(_ html: String) -> String {
    html.split(whereSeparator: \.isWhitespace).joined(separator: " ")
}

@Test func landingPage_whenRendered_namesThePairGaugesAsTheREADMEAndHelpDo() {
    let words = words(page.html(feed: nil))
    #expect(!words.contains("Feed"))
    #expect(words.contains("for every configured pair and timeframe, the hedge ratio, spread, z-score, ADF and cointegration statistics"))
    #expect(words.contains("gauges (<code>pairwatch_pair_*</code>, labelled <code>pair</code> and <code>timeframe</code>)"))
}

@Test func landingPage_whenTheFeedIsDown_saysWhyInWordsWithTheHintForADemo() {
    var down = FeedStatistics.Connection()
    down.problem = "cannot resolve fstream.binance.com <DNS>"
    var up = FeedStatistics.Connection()
    up.up = true
    let text = words(page.html(feed: ["binance-0": down, "binance-1": up]))
    #expect(text.contains("<strong>Feed <code>binance-0</code> is down:</strong> cannot resolve fstream.binance.com &lt;DNS&gt;."))
    #expect(text.contains("<code>pairwatch serve --feed simulate</code>"))
    #expect(text.contains("Feed <code>binance-1</code>: connected and receiving trades."))
    #expect(words(page.html(feed: [:])).contains("Feed: not started yet."))
}
