// SPDX-License-Identifier: Apache-2.0
import Feeds

/// The small HTML page served at `/`, as node_exporter has: what this is, its version, the feed's state in words,
/// and links.
struct LandingPage {
    let buildInfo: BuildInfo
    let telemetryPath: String

    /// The page, with a paragraph per feed connection when `feed` is given.
    func html(feed: [String: FeedStatistics.Connection]?) -> String {
        """
        <!DOCTYPE html>
        <html lang="en">
        <head><meta charset="utf-8"><title>pairwatch</title>
        <style>body{font-family:sans-serif;max-width:40em;margin:2em auto;line-height:1.5}code{background:#eee;padding:0 .2em}</style>
        </head>
        <body>
        <h1>pairwatch</h1>
        <p>Statistical-arbitrage monitor for pairs of crypto futures: for every configured pair and timeframe, the
        hedge ratio, spread, z-score, ADF and cointegration statistics, half-life and correlation as Prometheus
        gauges (<code>pairwatch_pair_*</code>, labelled <code>pair</code> and <code>timeframe</code>), beside
        per-symbol, storage and process metrics.</p>
        <p>Version <code>\(escape(buildInfo.version))</code>, revision <code>\(escape(buildInfo.revision))</code>,
        Swift <code>\(escape(buildInfo.swiftVersion))</code>.</p>
        \(feed.map(feedParagraphs) ?? "")
        <ul>
        <li><a href="\(escape(telemetryPath))">Metrics</a></li>
        <li><a href="/-/healthy">Health</a></li>
        <li><a href="/-/ready">Readiness</a></li>
        <li><a href="/api/v1/alerts">Alerts</a> (JSON)</li>
        </ul>
        </body>
        </html>

        """
    }

    private func feedParagraphs(_ connections: [String: FeedStatistics.Connection]) -> String {
        if connections.isEmpty { return "<p>Feed: not started yet.</p>\n" }
        return connections.sorted { $0.key < $1.key }.map { name, connection in
            if connection.up { return "<p>Feed <code>\(escape(name))</code>: connected and receiving trades.</p>\n" }
            guard let problem = connection.problem else { return "<p>Feed <code>\(escape(name))</code>: stopped.</p>\n" }
            return """
                <p class="down"><strong>Feed <code>\(escape(name))</code> is down:</strong> \(escape(problem)). pairwatch keeps \
                retrying and serves what it has; trades missed meanwhile are backfilled once it reconnects. Without \
                internet access, <code>pairwatch serve --feed simulate</code> runs on a simulated market.</p>

                """
        }.joined()
    }

    private func escape(_ text: String) -> String {
        var out = ""
        for character in text {
            switch character {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            default: out.append(character)
            }
        }
        return out
    }
}
