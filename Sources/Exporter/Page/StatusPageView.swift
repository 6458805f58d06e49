// SPDX-License-Identifier: Apache-2.0
import Alerting
import Feeds
import Pipeline

/// What the status page template is given: every value already written out as text.
struct StatusPageView {
    struct Connection {
        let name: String
        let up: Bool
        let problem: String?
        let stopped: Bool
        let lag: String
        let age: String
    }

    struct Feed {
        let connections: [Connection]
    }

    struct Alert {
        let name, state, pair, timeframe, value, since, summary: String
    }

    // Mustache reads stored properties only (through `Mirror`), so the flags the template tests are stored.
    struct Alerts {
        let rows: [Alert]
        let any: Bool
    }

    struct Pairs {
        let rows: [PairRowView]
        let total: Int
        let shown: Int
        let truncated: Bool
        let any: Bool
    }

    let version, revision, swiftVersion, telemetryPath: String
    let uptime: String?
    let feed: Feed?
    let alerts: Alerts?
    let pairs: Pairs?
    let style = StatusPageTemplate.style
    let script: String?
}

extension StatusPageView.Feed {
    /// The connections by name, each in words with its lag and the age of its last message.
    init(_ connections: [String: FeedStatistics.Connection], nowMs: Int64) {
        self.connections = connections.sorted { $0.key < $1.key }.map { name, connection in
            StatusPageView.Connection(
                name: name, up: connection.up, problem: connection.up ? nil : connection.problem,
                stopped: !connection.up && connection.problem == nil,
                lag: connection.lagSeconds.map { PageFormat.duration(seconds: $0) } ?? "not measured yet",
                age: connection.lastMessageMs.map { PageFormat.duration(seconds: Double(nowMs - $0) / 1_000) + " ago" } ?? "never")
        }
    }
}

extension StatusPageView.Alerts {
    /// The pending and firing alerts of `listing`, firing first; resolved ones are left to the JSON listing.
    init(_ listing: AlertListing) {
        let active = listing.alerts.filter { $0.state != .resolved }
        rows = (active.filter { $0.state == .firing } + active.filter { $0.state == .pending }).map { alert in
            StatusPageView.Alert(
                name: alert.labels["alertname"] ?? "", state: alert.state.rawValue, pair: alert.labels["pair"] ?? "",
                timeframe: alert.labels["timeframe"] ?? "", value: alert.value.map { PageFormat.significant($0) } ?? PageFormat.unavailable,
                since: PageFormat.time(ms: alert.firedAtMs ?? alert.activeSinceMs),
                summary: alert.annotations["summary"] ?? alert.annotations["description"] ?? "")
        }
        any = !rows.isEmpty
    }
}

extension StatusPageView.Pairs {
    /// Every series of `entries`, or when there are more than `limit`, the `limit` with the largest |z| (series
    /// without a z-score last), so what is past a threshold is never the part left out.
    init(_ entries: [PairBoardEntry], rules: [AlertRule], limit: Int?) {
        var chosen = entries
        if let limit, entries.count > limit {
            let ranked = entries.enumerated().map { index, entry in (index, entry.reading?.values.zScore.map(abs) ?? -1) }
            let kept = ranked.sorted { $0.1 != $1.1 ? $0.1 > $1.1 : $0.0 < $1.0 }.prefix(limit).map(\.0)
            chosen = kept.map { entries[$0] }
        }
        rows = chosen.map { entry in
            PairRowView(series: entry.series, reading: entry.reading, band: ZScoreBand(series: entry.series, rules: rules))
        }
        total = entries.count
        shown = rows.count
        truncated = shown < total
        any = !rows.isEmpty
    }
}
