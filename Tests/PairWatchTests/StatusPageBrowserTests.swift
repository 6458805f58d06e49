// SPDX-License-Identifier: Apache-2.0
import Foundation
import TestSupport
import Testing

/// The status page of the real daemon on the simulated feed, as headless chromium renders it.
///
/// With `PAIRWATCH_PAGE_SCREENSHOTS` set to a folder, the test also saves the page at phone and desktop widths
/// there (`status-phone.png`, `status-desktop.png`), for a person to look at.
@Test func statusPage_inHeadlessChromium_rendersThePairsAndSparklinesWithoutConsoleErrors() async throws {
    // Throws, failing the test, when chromium is missing: the page would otherwise go unchecked.
    let chromium = try HeadlessChromium()
    defer { chromium.remove() }
    let folder = try TemporaryDirectory("pairwatch-status-page")
    defer { folder.remove() }
    let config = try temporaryConfig(
        """
        storage: {path: \(folder.file("pairwatch.db"))}
        feed: {source: simulate}
        timeframes: [1s, 1m]
        pairs: [{a: BTCUSDT, b: ETHUSDT, window: 25, zscore_window: 10}]
        alerting:
          rules:
            - {alert: SpreadWide, pairs: [BTCUSDT/ETHUSDT], metric: abs_zscore, op: ">=", threshold: 1.5}
        """, in: folder)
    let (daemon, port) = try await RunningPairwatch.serve(["--config.file", config])
    defer { daemon.stop() }
    // A line needs two z-scores of the 1s series: about zscore_window + 1 simulated seconds.
    try await withTimeout(.seconds(60), "a sparkline on the status page") {
        while try await !(httpGet(port: port, path: "/").body.contains(#/<path d="M\d+ \d+L/#)) {
            try await Task.sleep(for: .milliseconds(250))
        }
    }
    let url = "http://127.0.0.1:\(port)/"
    let run = try await chromium.dumpDOM(url, budget: .zero)
    #expect(run.consoleErrors.isEmpty, "console: \(run.consoleErrors)")
    #expect(run.dom.contains("<th>BTCUSDT/<wbr>ETHUSDT</th><td>1s</td>"), "\(run.dom.prefix(4_000))")
    #expect(run.dom.contains("<th>BTCUSDT/<wbr>ETHUSDT</th><td>1m</td>"))
    // The browser writes the DOM back with explicit end tags (`<rect …></rect>`).
    #expect(run.dom.contains(#/<svg viewBox="0 0 120 30"[^>]*><rect [^>]*></rect><path d="M\d+ \d+L/#), "no sparkline in \(run.dom.prefix(4_000))")
    #expect(run.dom.contains("Feed <code>simulate</code>: connected and receiving trades."))
    #expect(run.dom.contains("title=\"alerts past ±1.5\""))
    if let shots = ProcessInfo.processInfo.environment["PAIRWATCH_PAGE_SCREENSHOTS"] {
        for (name, width, height) in [("phone", 390, 844), ("desktop", 1280, 900)] {
            let shot = try await chromium.screenshot(url, width: width, height: height, to: "\(shots)/status-\(name).png", budget: .zero)
            #expect(shot.consoleErrors.isEmpty, "console at \(name) width: \(shot.consoleErrors)")
        }
    }
}
