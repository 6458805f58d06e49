// SPDX-License-Identifier: Apache-2.0

extension PairWatchConfiguration {
    /// The one-screen summary `pairwatch check-config` prints for a valid configuration.
    public var summary: String {
        var lines = [
            "feed:        \(feedSummary)",
            "symbols:     \(symbols.joined(separator: ", "))",
            "timeframes:  \(timeframes.map(\.name).joined(separator: ", ")) (bars close \(resampler.allowedLateness) after their end)",
            "storage:     \(storage.path) (trades kept \(storage.retention), bars \(barRetentionSummary))",
            "pairs:       \(pairs.count)",
        ]
        for pair in pairs {
            let timeframes = pair.effectiveTimeframes(in: self).map(\.name).joined(separator: ",")
            lines.append(
                "  \(pair.name)  method \(pair.method.rawValue)  window \(pair.window)  zscore_window \(pair.zscoreWindow)  timeframes \(timeframes)")
        }
        lines += alertingSummary
        lines.append("web:         \(webSummary)")
        return lines.joined(separator: "\n") + "\n"
    }

    private var alertingSummary: [String] {
        func count(_ number: Int, _ noun: String) -> String { "\(number) \(noun)\(number == 1 ? "" : "s")" }
        let names = alerting.receivers.names
        let rules = count(alerting.rules.count, "rule") + (alerting.rules.isEmpty ? "" : " (evaluated every \(alerting.evaluationInterval))")
        let receivers = count(names.count, "receiver") + (names.isEmpty ? "" : " (\(names.joined(separator: ", ")))")
        var lines = ["alerting:    \(rules), \(receivers)"]
        for rule in alerting.rules {
            var condition = "\(rule.metric.rawValue) \(rule.op.rawValue) \(rule.threshold)"
            if let clear = rule.clear { condition += " clear \(clear)" }
            if rule.forDuration.milliseconds > 0 { condition += " for \(rule.forDuration)" }
            let pairs = rule.pairs?.joined(separator: ",") ?? "all"
            let timeframes = rule.timeframes?.map(\.name).joined(separator: ",") ?? "all"
            lines.append("  \(rule.alert)  \(condition)  severity \(rule.severity.rawValue)  pairs \(pairs)  timeframes \(timeframes)")
        }
        return lines
    }

    private var webSummary: String {
        let uploads = web.apiToken == nil ? "uploads disabled (no web.api_token_file)" : "uploads up to \(web.maxUploadBytes) bytes with the token"
        let cors = web.corsOrigins.isEmpty ? "no CORS" : "CORS for \(web.corsOrigins.joined(separator: ", "))"
        return "\(uploads), \(cors)"
    }

    private var feedSummary: String {
        switch feed.source {
        case .simulate: return "simulate (seed \(feed.simulate.seed), \(feed.simulate.tradesPerSecond) trades/s over all symbols)"
        case .replay: return "replay of \(feed.replay.file) at \(feed.replay.speed == 0 ? "full speed" : "speed \(feed.replay.speed)")"
        case .binance:
            let recording = feed.record.isEmpty ? "" : ", recording to \(feed.record)"
            return "binance (\(feed.binance.websocketURL), backfill from \(feed.binance.restURL)\(recording))"
        }
    }

    private var barRetentionSummary: String {
        let overrides = storage.barRetentionOverrides.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }
        return overrides.isEmpty ? "\(storage.barRetention)" : "\(storage.barRetention); " + overrides.joined(separator: ", ")
    }
}
