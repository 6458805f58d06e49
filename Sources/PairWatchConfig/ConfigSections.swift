// SPDX-License-Identifier: Apache-2.0
import MarketData
import PairStats
import Yams

extension StorageConfig {
    mutating func read(_ node: Node, _ reader: inout NodeReader) {
        let known = ["path", "retention", "bar_retention", "bar_retention_overrides", "batch_size", "batch_interval"]
        guard let fields = reader.fields(node, path: "storage", known: known) else { return }
        if let value = fields["path"].flatMap({ reader.string($0, path: "storage.path") }) { path = value }
        if let value = fields["retention"].flatMap({ reader.duration($0, path: "storage.retention") }) { retention = value }
        if let value = fields["bar_retention"].flatMap({ reader.duration($0, path: "storage.bar_retention") }) { barRetention = value }
        if let value = fields["batch_size"].flatMap({ reader.int($0, path: "storage.batch_size") }) { batchSize = value }
        if let value = fields["batch_interval"].flatMap({ reader.duration($0, path: "storage.batch_interval") }) { batchInterval = value }
        if let overrides = fields["bar_retention_overrides"], let mapping = overrides.mapping {
            for (key, value) in mapping {
                let name = key.scalar?.string ?? ""
                let path = "storage.bar_retention_overrides.\(name)"
                guard Timeframe(name) != nil else {
                    reader.report(path, "expected a timeframe such as 1s, 1m or 5m as the key", at: key.mark)
                    continue
                }
                reader.remember(path, at: key.mark)
                if let duration = reader.duration(value, path: path) { barRetentionOverrides[name] = duration }
            }
        } else if let overrides = fields["bar_retention_overrides"] {
            _ = reader.fields(overrides, path: "storage.bar_retention_overrides", known: [])
        }
    }
}

extension FeedConfig {
    mutating func read(_ node: Node, _ reader: inout NodeReader) {
        guard let fields = reader.fields(node, path: "feed", known: ["source", "symbols", "record", "record_max_bytes", "binance", "simulate", "replay"])
        else { return }
        if let value = fields["source"].flatMap({ reader.oneOf($0, path: "feed.source", as: FeedSource.self) }) { source = value }
        if let value = fields["symbols"].flatMap({ reader.symbols($0, path: "feed.symbols") }) { symbols = value }
        if let value = fields["record"].flatMap({ reader.string($0, path: "feed.record") }) { record = value }
        if let value = fields["record_max_bytes"].flatMap({ reader.int($0, path: "feed.record_max_bytes") }) { recordMaxBytes = Int64(value) }
        let binanceKeys = ["websocket_url", "rest_url", "stale_after", "max_reconnect_delay"]
        if let node = fields["binance"], let entries = reader.fields(node, path: "feed.binance", known: binanceKeys) {
            if let value = entries["websocket_url"].flatMap({ reader.string($0, path: "feed.binance.websocket_url") }) {
                binance.websocketURL = value
            }
            if let value = entries["rest_url"].flatMap({ reader.string($0, path: "feed.binance.rest_url") }) { binance.restURL = value }
            if let value = entries["stale_after"].flatMap({ reader.duration($0, path: "feed.binance.stale_after") }) { binance.staleAfter = value }
            if let value = entries["max_reconnect_delay"].flatMap({ reader.duration($0, path: "feed.binance.max_reconnect_delay") }) {
                binance.maxReconnectDelay = value
            }
        }
        if let node = fields["simulate"], let entries = reader.fields(node, path: "feed.simulate", known: ["seed", "trades_per_second"]) {
            if let value = entries["seed"].flatMap({ reader.int($0, path: "feed.simulate.seed") }) {
                if value >= 0 { simulate.seed = UInt64(value) } else { reader.report("feed.simulate.seed", "\(value) is negative") }
            }
            if let value = entries["trades_per_second"].flatMap({ reader.double($0, path: "feed.simulate.trades_per_second") }) {
                simulate.tradesPerSecond = value
            }
        }
        if let node = fields["replay"], let entries = reader.fields(node, path: "feed.replay", known: ["file", "speed"]) {
            if let value = entries["file"].flatMap({ reader.string($0, path: "feed.replay.file") }) { replay.file = value }
            if let value = entries["speed"].flatMap({ reader.double($0, path: "feed.replay.speed") }) { replay.speed = value }
        }
    }
}

extension PairConfig {
    init?(reading node: Node, path: String, _ reader: inout NodeReader) {
        let known = ["a", "b", "method", "window", "zscore_window", "timeframes"]
        guard let fields = reader.fields(node, path: path, known: known) else { return nil }
        for required in ["a", "b"] where fields[required] == nil {
            reader.report(path, "missing key \"\(required)\"", at: node.mark)
        }
        guard let a = fields["a"].flatMap({ reader.string($0, path: "\(path).a") }),
            let b = fields["b"].flatMap({ reader.string($0, path: "\(path).b") })
        else { return nil }
        self.init(a: a, b: b)
        if let value = fields["method"].flatMap({ reader.oneOf($0, path: "\(path).method", as: HedgeMethod.self) }) { method = value }
        if let value = fields["window"].flatMap({ reader.int($0, path: "\(path).window") }) { window = value }
        if let value = fields["zscore_window"].flatMap({ reader.int($0, path: "\(path).zscore_window") }) { zscoreWindow = value }
        if let node = fields["timeframes"] { timeframes = reader.timeframes(node, path: "\(path).timeframes") }
    }
}
