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
        return lines.joined(separator: "\n") + "\n"
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
