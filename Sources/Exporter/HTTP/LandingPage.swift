// SPDX-License-Identifier: Apache-2.0

/// The small HTML page served at `/`, as node_exporter has: what this is, its version, and links.
struct LandingPage {
    let buildInfo: BuildInfo
    let telemetryPath: String

    var html: String {
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
        <ul>
        <li><a href="\(escape(telemetryPath))">Metrics</a></li>
        <li><a href="/-/healthy">Health</a></li>
        <li><a href="/-/ready">Readiness</a></li>
        </ul>
        </body>
        </html>

        """
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
