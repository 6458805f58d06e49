// SPDX-License-Identifier: Apache-2.0
import Feeds
import Hummingbird
import HummingbirdTesting
import Testing

@testable import Alerting
@testable import Exporter
@testable import Pipeline

private typealias F = StatusPageFixtures

private let page = StatusPage(buildInfo: F.build, telemetryPath: "/metrics")

private func words(_ html: String) -> String {
    html.split(whereSeparator: \.isWhitespace).joined(separator: " ")
}

/// The `<tr>` of one series, from its opening tag to its end.
private func row(_ html: String, id: String) throws -> String {
    let start = try #require(html.range(of: "<tr id=\"\(id)\""), "no row \(id)")
    let end = try #require(html.range(of: "</tr>", range: start.upperBound..<html.endIndex))
    return String(html[start.lowerBound..<end.upperBound])
}

@Test func statusPage_whenRendered_namesThePairGaugesAsTheREADMEAndHelpDo() async {
    let words = words(await page.html(feed: nil, sources: F.sources()))
    #expect(!words.contains("id=\"feed\""))
    #expect(words.contains("for every configured pair and timeframe, the hedge ratio, spread, z-score, ADF and cointegration statistics"))
    #expect(words.contains("gauges (<code>pairwatch_pair_*</code>, labelled <code>pair</code> and <code>timeframe</code>)"))
}

@Test func statusPage_whenRendered_showsVersionUptimeAndTheLinks() async {
    let html = await page.html(feed: nil, sources: F.sources())
    #expect(html.contains("Version <code>0.1.0</code>, revision <code>abc</code>, Swift <code>6.3</code>, up <span id=\"uptime\">1 h 2 min</span>."))
    for link in ["/metrics", "/api/v1/openapi.json", "https://github.com/pairwatch/pairwatch#readme", "/api/v1/alerts"] {
        #expect(html.contains("<a href=\"\(link)\">"), "no link to \(link)")
    }
    #expect(html.contains("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"))
    // Nothing is loaded from elsewhere: no external style sheet, script or image.
    #expect(!html.contains("<link") && !html.contains("src="))
}

@Test func statusPage_whenTheFeedIsDown_saysWhyInWordsWithTheHintForADemo() async {
    var down = FeedStatistics.Connection()
    down.problem = "cannot resolve fstream.binance.com <DNS>"
    down.lastMessageMs = F.nowMs - 90_000
    let up = FeedStatistics.Connection(up: true, lastMessageMs: F.nowMs - 400, lagSeconds: 0.012)
    let text = words(await page.html(feed: ["binance-0": down, "binance-1": up], sources: F.sources()))
    #expect(text.contains("<strong>Feed <code>binance-0</code> is down:</strong> cannot resolve fstream.binance.com &lt;DNS&gt;."))
    #expect(text.contains("<code>pairwatch serve --feed simulate</code>"))
    #expect(text.contains("Last message 1.5 min ago."))
    #expect(text.contains("Feed <code>binance-1</code>: connected and receiving trades. <span class=\"dim\">Lag 12 ms, last message 400 ms ago.</span>"))
    #expect(words(await page.html(feed: [:], sources: F.sources())).contains("Feed: not started yet."))
}

@Test func statusPage_whenNamesHoldMarkup_escapesThemEverywhere() async throws {
    let board = F.board([try F.entry("<b>X\"'", "Y&Z", history: [0.5])])
    var connection = FeedStatistics.Connection()
    connection.problem = "<script>alert(1)</script>"
    let html = await page.html(feed: ["<i>feed</i>": connection], sources: F.sources(board: board))
    for raw in ["<b>", "<i>feed", "<script>alert", "X\"'", "Y&Z"] {
        #expect(!html.contains(raw), "\(raw) is not escaped")
    }
    #expect(html.contains("<tr id=\"s-&lt;b&gt;X&quot;&#39;/Y&amp;Z-1m\""))
    #expect(html.contains("<th>&lt;b&gt;X&quot;&#39;/<wbr>Y&amp;Z</th>"))
    #expect(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"))
}

@Test func statusPage_whenAValueIsUnavailable_showsADashWithTheReasonInTheTitle() async throws {
    let entry = try F.entry("AAAUSDT", "BBBUSDT", history: [1, nil])
    let waiting = PairBoardEntry(series: PairSeries(a: "CCCUSDT", b: "BBBUSDT", timeframe: F.minute))
    let html = await page.html(feed: nil, sources: F.sources(board: F.board([entry, waiting])))
    let zCell = #"<td class="num na" title="spread has zero standard deviation over the z-score window">—</td>"#
    #expect(try row(html, id: "s-AAAUSDT/BBBUSDT-1m").contains(zCell))
    let empty = try row(html, id: "s-CCCUSDT/BBBUSDT-1m")
    #expect(empty.components(separatedBy: "title=\"\(PairRowView.noReading)\">—</td>").count == 6)
    #expect(empty.contains(#"<span class="na" title="no z-score yet">—</span>"#))
}

@Test func statusPage_withoutScript_showsEveryValueInTheHTML() async throws {
    let entry = try F.entry("AAAUSDT", "BBBUSDT", history: [0.25, -1.5])
    let html = await page.html(feed: nil, sources: F.sources(board: F.board([entry])))
    let reading = try #require(entry.reading)
    let values = reading.values
    let cells = try row(html, id: "s-AAAUSDT/BBBUSDT-1m")
    #expect(cells.contains("<th>AAAUSDT/<wbr>BBBUSDT</th><td>1m</td>"))
    #expect(cells.contains(">1.5</td>"))
    #expect(cells.contains(">-1.50</td>"))
    // The fixture's legs are cointegrated: both p-values are below what three decimals show, written escaped.
    #expect(PageFormat.pValue(try #require(values.adfPValue)) == "<0.001")
    #expect(PageFormat.pValue(try #require(values.cointegrationPValue)) == "<0.001")
    #expect(cells.components(separatedBy: #"<td class="num">&lt;0.001</td>"#).count == 3)
    let halfLife = try #require(values.halfLifeBars)
    #expect(cells.contains(" title=\"\(PageFormat.bars(halfLife))\">\(PageFormat.duration(seconds: halfLife * 60))</td>"))
    #expect(cells.contains("<svg viewBox=\"0 0 120 30\""))
    // No stream is routed, so no script either: the values above are all there is.
    #expect(!html.contains("<script"))
}

@Test func statusPage_whenZScoreIsPastTheThreshold_marksIt() async throws {
    let board = F.board([
        try F.entry("AAAUSDT", "BBBUSDT", history: [2.5]), try F.entry("CCCUSDT", "BBBUSDT", history: [-2.5]),
        try F.entry("DDDUSDT", "BBBUSDT", history: [1.9]),
    ])
    // No rule on the z-score: ±2.
    let defaults = await page.html(feed: nil, sources: F.sources(board: board))
    #expect(try row(defaults, id: "s-AAAUSDT/BBBUSDT-1m").contains(#"<td class="num hot" title="alerts past ±2">+2.50</td>"#))
    #expect(try row(defaults, id: "s-CCCUSDT/BBBUSDT-1m").contains(#"<td class="num hot" title="alerts past ±2">-2.50</td>"#))
    #expect(try row(defaults, id: "s-DDDUSDT/BBBUSDT-1m").contains(#"<td class="num" title="alerts past ±2">+1.90</td>"#))
    // A rule above 3 for AAA only, and |z| >= 1.5 for DDD.
    let rules = [
        AlertRule(name: "High", pairs: ["AAAUSDT/BBBUSDT"], metric: .zscore, comparison: .greater, threshold: 3),
        AlertRule(name: "Wide", pairs: ["DDDUSDT/BBBUSDT"], metric: .absZscore, comparison: .greaterOrEqual, threshold: 1.5),
    ]
    let ruled = await page.html(feed: nil, sources: F.sources(board: board, rules: rules))
    #expect(try row(ruled, id: "s-AAAUSDT/BBBUSDT-1m").contains(#"<td class="num" title="alerts above 3">+2.50</td>"#))
    #expect(try row(ruled, id: "s-AAAUSDT/BBBUSDT-1m").contains(#"data-hi="3.0" data-lo="""#))
    #expect(try row(ruled, id: "s-CCCUSDT/BBBUSDT-1m").contains(#"<td class="num hot" title="alerts past ±2">-2.50</td>"#))
    #expect(try row(ruled, id: "s-DDDUSDT/BBBUSDT-1m").contains(#"<td class="num hot" title="alerts past ±1.5">+1.90</td>"#))
}

@Test func statusPage_whenAlertsAreActive_listsPendingAndFiringButNotResolved() async {
    func alert(_ name: String, _ state: AlertListing.Alert.State) -> AlertListing.Alert {
        .init(
            fingerprint: name, state: state, labels: ["alertname": name, "pair": "AAAUSDT/BBBUSDT", "timeframe": "1m"],
            annotations: ["summary": "z <high>"], activeSinceMs: F.nowMs - 60_000, firedAtMs: state == .pending ? nil : F.nowMs, resolvedAtMs: nil,
            value: 2.25)
    }
    let listing = AlertListing(alerts: [alert("Waiting", .pending), alert("Burning", .firing), alert("Done", .resolved)])
    let html = await page.html(feed: nil, sources: F.sources(alerts: listing))
    let firing = "<tr class=\"firing\"><td>Burning</td><td>firing</td><td>AAAUSDT/BBBUSDT</td><td>1m</td><td class=\"num\">2.25</td>"
        + "<td><time>2027-01-15T08:00:00Z</time></td><td>z &lt;high&gt;</td></tr>"
    #expect(html.contains(firing))
    #expect(html.contains("<td>Waiting</td><td>pending</td>"))
    #expect(html.range(of: "Burning")?.lowerBound ?? html.endIndex < html.range(of: "Waiting")?.lowerBound ?? html.startIndex)
    #expect(!html.contains("Done"))
    #expect(await page.html(feed: nil, sources: F.sources(alerts: AlertListing(alerts: []))).contains("No alert is pending or firing."))
}

@Test func statusPage_whenTheStreamIsRouted_includesTheScriptThatSubscribes() async throws {
    let streaming = StatusPage(buildInfo: F.build, telemetryPath: "/metrics", streams: true)
    let html = await streaming.html(feed: nil, sources: F.sources(board: F.board([try F.entry("AAAUSDT", "BBBUSDT", history: [1])])))
    #expect(html.contains("<script>(function () {"))
    #expect(html.contains("new EventSource(\"/api/v1/stream\")"))
    #expect(html.contains("stream.addEventListener(\"snapshot\""))
}

@Test func statusPage_whenMoreSeriesThanTheLimit_showsTheLargestZFirstAndLinksToAll() async throws {
    let entries = try [0.1, -3.0, 1.0, nil, 2.0].enumerated().map { index, z in try F.entry("S\(index)USDT", "BBBUSDT", history: [z]) }
    let board = F.board(entries)
    let html = await page.html(feed: nil, sources: F.sources(board: board), limit: 3)
    let order = ["S1USDT", "S4USDT", "S2USDT"].map { html.range(of: "<th>\($0)/<wbr>BBBUSDT</th>")?.lowerBound }
    #expect(order.allSatisfy { $0 != nil })
    #expect(order.compactMap { $0 } == order.compactMap { $0 }.sorted())
    #expect(!html.contains("S0USDT") && !html.contains("S3USDT"))
    #expect(words(html).contains("Showing the 3 of 5 series with the largest |z| first. <a href=\"?limit=all\">Show all 5</a>."))
    let all = await page.html(feed: nil, sources: F.sources(board: board), limit: nil)
    #expect(all.contains("S3USDT") && !all.contains("Showing the"))
}

@Test func statusPage_overHTTP_refusesABadLimitAndCompressesWhenAsked() async throws {
    let router = Router()
    var routes = ExporterRoutes(registry: MetricsRegistry(), readiness: Readiness(), buildInfo: F.build)
    routes.status = F.sources(board: F.board([try F.entry("AAAUSDT", "BBBUSDT", history: [1])]))
    routes.add(to: router)
    try await Application(router: router).test(.router) { client in
        for bad in ["0", "-3", "some"] {
            try await client.execute(uri: "/?limit=\(bad)", method: .get) { response in
                #expect(response.status == .badRequest)
                #expect(String(buffer: response.body) == "limit: \"\(bad)\" is neither a positive count nor \"all\"\n")
            }
        }
        try await client.execute(uri: "/?limit=all", method: .get, headers: [.acceptEncoding: "gzip"]) { response in
            #expect(response.status == .ok)
            #expect(response.headers[.contentEncoding] == "gzip")
            #expect(response.headers[.vary] == "Accept-Encoding")
            #expect(Array(response.body.readableBytesView.prefix(2)) == [0x1f, 0x8b])
        }
        try await client.execute(uri: "/?limit=1", method: .get) { response in
            #expect(response.headers[.contentEncoding] == nil)
            #expect(String(buffer: response.body).contains("<th>AAAUSDT/<wbr>BBBUSDT</th>"))
        }
    }
}
