// SPDX-License-Identifier: Apache-2.0

/// The status page's Mustache template and style sheet, kept in the binary so an installed daemon needs no
/// resource files.
///
/// Everything the page shows is written with `{{…}}`, which escapes it for HTML (pair names and feed errors come
/// from outside); only the style sheet and the script, constants of this module, go in with `{{{…}}}`. Names in a
/// cell start with a dot (`{{.title}}`) so that a missing title does not pick up one from an enclosing context.
enum StatusPageTemplate {
    static let page = """
        <!DOCTYPE html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>pairwatch</title>
        <style>{{{style}}}</style>
        </head>
        <body>
        <header>
        <h1>pairwatch</h1>
        <p class="meta">Version <code>{{version}}</code>, revision <code>{{revision}}</code>, Swift <code>{{swiftVersion}}</code>\
        {{#uptime}}, up <span id="uptime">{{.}}</span>{{/uptime}}.</p>
        <nav><a href="{{telemetryPath}}">Metrics</a> · <a href="/api/v1/openapi.json">API (OpenAPI)</a> · \
        <a href="/api/v1/alerts">Alerts (JSON)</a> · <a href="/-/healthy">Health</a> · <a href="/-/ready">Readiness</a> · \
        <a href="https://github.com/pairwatch/pairwatch#readme">README</a></nav>
        </header>
        {{#feed}}{{> feed}}{{/feed}}
        {{#alerts}}{{> alerts}}{{/alerts}}
        {{#pairs}}{{> pairs}}{{/pairs}}
        <section id="about"><h2>About</h2>
        <p class="intro">Statistical-arbitrage monitor for pairs of crypto futures: for every configured pair and timeframe, the
        hedge ratio, spread, z-score, ADF and cointegration statistics, half-life and correlation as Prometheus
        gauges (<code>pairwatch_pair_*</code>, labelled <code>pair</code> and <code>timeframe</code>), beside
        per-symbol, storage and process metrics.</p>
        </section>
        {{#script}}<script>{{{.}}}</script>{{/script}}
        </body>
        </html>

        """

    static let feed = """
        <section id="feed"><h2>Feed</h2>
        {{^connections}}<p>Feed: not started yet.</p>{{/connections}}
        {{#connections}}
        {{#up}}<p class="up">Feed <code>{{name}}</code>: connected and receiving trades. <span class="dim">Lag {{lag}}, last message {{age}}.</span></p>{{/up}}
        {{#problem}}<p class="down"><strong>Feed <code>{{name}}</code> is down:</strong> {{.}}. pairwatch keeps \
        retrying and serves what it has; trades missed meanwhile are backfilled once it reconnects. Without \
        internet access, <code>pairwatch serve --feed simulate</code> runs on a simulated market. \
        <span class="dim">Last message {{age}}.</span></p>{{/problem}}
        {{#stopped}}<p>Feed <code>{{name}}</code>: stopped.</p>{{/stopped}}
        {{/connections}}
        </section>

        """

    static let alerts = """
        <section id="alerts"><h2>Alerts</h2>
        {{^rows}}<p>No alert is pending or firing.</p>{{/rows}}
        {{#any}}<div class="scroll"><table>
        <thead><tr><th>Alert</th><th>State</th><th>Pair</th><th>TF</th><th>Value</th><th>Since</th><th>Summary</th></tr></thead>
        <tbody>
        {{#rows}}<tr class="{{state}}"><td>{{name}}</td><td>{{state}}</td><td>{{pair}}</td><td>{{timeframe}}</td>\
        <td class="num">{{value}}</td><td><time>{{since}}</time></td><td>{{summary}}</td></tr>
        {{/rows}}
        </tbody></table></div>{{/any}}
        </section>

        """

    static let pairs = """
        <section id="pairs"><h2>Pairs</h2>
        {{^rows}}<p>No pair series is configured.</p>{{/rows}}
        {{#truncated}}<p class="note">Showing the {{shown}} of {{total}} series with the largest |z| first. \
        <a href="?limit=all">Show all {{total}}</a>.</p>{{/truncated}}
        {{#any}}<div class="scroll"><table id="pair-table">
        <thead><tr><th>Pair</th><th>TF</th><th>Hedge β</th><th>z-score</th><th>Recent z</th><th>ADF p</th><th>Coint p</th>\
        <th>Half-life</th></tr></thead>
        <tbody>
        {{#rows}}<tr id="{{id}}" data-hi="{{upper}}" data-lo="{{lower}}" data-tf="{{timeframeSeconds}}"><th>{{a}}/<wbr>{{b}}</th><td>{{timeframe}}</td>\
        {{#hedge}}{{> cell}}{{/hedge}}{{#zScore}}{{> cell}}{{/zScore}}\
        <td class="spark">{{#sparkline}}<svg viewBox="0 0 120 30" width="120" height="30" role="img" aria-label="last {{count}} z-scores">\
        {{#bandY}}<rect x="0" y="{{.}}" width="120" height="{{bandHeight}}"/>{{/bandY}}<path d="{{path}}"/></svg>{{/sparkline}}\
        {{^sparkline}}<span class="na" title="no z-score yet">—</span>{{/sparkline}}</td>\
        {{#adf}}{{> cell}}{{/adf}}{{#cointegration}}{{> cell}}{{/cointegration}}{{#halfLife}}{{> cell}}{{/halfLife}}</tr>
        {{/rows}}
        </tbody></table></div>
        <p class="dim">z-scores past the alerting rules' thresholds (±2 where no rule watches the z-score) are marked; \
        the shaded band of each line is the range that does not alert. A dash is a value that cannot be computed: \
        hover or tap it for the reason.</p>{{/any}}
        </section>

        """

    static let cell = #"<td class="num{{#.classes}} {{.}}{{/.classes}}"{{#.title}} title="{{.}}"{{/.title}}>{{text}}</td>"#

    static let style = """
        :root{color-scheme:light dark;--fg:#1b1f23;--bg:#fff;--dim:#6a737d;--line:#e1e4e8;--hot:#c62828;--hotbg:#fde8e8;\
        --band:rgba(46,125,50,.12);--spark:#0366d6}
        @media (prefers-color-scheme:dark){:root{--fg:#e1e4e8;--bg:#161b22;--dim:#8b949e;--line:#30363d;--hot:#ff7b72;\
        --hotbg:#3d1618;--band:rgba(63,185,80,.15);--spark:#58a6ff}}
        body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:var(--fg);background:var(--bg);\
        margin:0 auto;padding:1em;max-width:72em;line-height:1.45}
        h1{margin:.2em 0;font-size:1.6em}h2{font-size:1.2em;margin:1.2em 0 .4em}
        code{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:.92em}
        nav a{white-space:nowrap}.meta,.dim{color:var(--dim)}.intro{max-width:48em}
        .down{border-left:4px solid var(--hot);padding-left:.6em}
        .scroll{overflow-x:auto;-webkit-overflow-scrolling:touch;border:1px solid var(--line);border-radius:6px}
        table{border-collapse:collapse;width:100%;font-variant-numeric:tabular-nums}
        th,td{padding:.3em .6em;border-bottom:1px solid var(--line);text-align:left;white-space:nowrap}
        thead th{background:var(--bg);font-weight:600}
        tbody th{font-weight:500}.num{text-align:right}
        #pair-table th:first-child{position:sticky;left:0;z-index:1;background:var(--bg);box-shadow:1px 0 0 var(--line)}
        @media (max-width:40em){body{padding:.6em}th,td{padding:.25em .45em}h1{font-size:1.4em}#pair-table tbody th{white-space:normal}}
        .hot{color:var(--hot);background:var(--hotbg);font-weight:600}.na{color:var(--dim);cursor:help}
        tr.firing td:nth-child(2){color:var(--hot);font-weight:600}
        .spark{padding:0 .4em}svg{display:block}svg rect{fill:var(--band)}
        svg path{fill:none;stroke:var(--spark);stroke-width:1.5;stroke-linejoin:round}
        """
}
