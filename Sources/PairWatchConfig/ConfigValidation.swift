// SPDX-License-Identifier: Apache-2.0
import MarketData
import PairStats

extension PairWatchConfiguration {
    public static let maximumTradesPerSecond = 100_000.0
    /// The smallest `feed.record_max_bytes`: 1 MiB.
    public static let minimumRecordBytes: Int64 = 1 << 20

    /// Checks that need the whole configuration; every problem is reported, at the key it is about.
    func validate(_ reader: inout NodeReader) {
        validateStorage(&reader)
        validateFeed(&reader)
        if timeframes.isEmpty { reader.report("timeframes", "at least one timeframe is needed") }
        validateTimeframeLengths(&reader)
        if resampler.allowedLateness.milliseconds < 0 { reader.report("resampler.allowed_lateness", "must not be negative") }
        if symbols.isEmpty { reader.report("pairs", "no symbols to watch: configure a pair or feed.symbols") }
        var seen = Set<String>()
        for (index, pair) in pairs.enumerated() {
            let path = index < reader.pairPaths.count ? reader.pairPaths[index] : "pairs[\(index)]"
            validatePair(pair, path: path, &reader)
            if !seen.insert(pair.name).inserted { reader.report(path, "pair \(pair.name) is configured twice") }
        }
        validateAlerting(&reader)
        web.validate(&reader)
    }

    private func validateStorage(_ reader: inout NodeReader) {
        if storage.path.isEmpty { reader.report("storage.path", "must not be empty") }
        for (path, duration) in [("storage.retention", storage.retention), ("storage.bar_retention", storage.barRetention)]
        where duration.milliseconds <= 0 {
            reader.report(path, "must be longer than 0s")
        }
        if !(1...100_000).contains(storage.batchSize) { reader.report("storage.batch_size", "\(storage.batchSize) is not between 1 and 100000") }
        if storage.batchInterval.milliseconds <= 0 { reader.report("storage.batch_interval", "must be longer than 0s") }
        // Retention runs per configured timeframe, so an override for any other one would silently do nothing.
        let listed = timeframes.map(\.name).joined(separator: ", ")
        for (name, duration) in storage.barRetentionOverrides.sorted(by: { $0.key < $1.key }) {
            let path = "storage.bar_retention_overrides.\(name)"
            if !timeframes.contains(where: { $0.name == name }) { reader.report(path, "\(name) is not among timeframes (\(listed))") }
            if duration.milliseconds <= 0 { reader.report(path, "must be longer than 0s") }
        }
    }

    /// Bars are stored and labelled by timeframe name, so `1m` and `60s` would be the same bars under two names.
    private func validateTimeframeLengths(_ reader: inout NodeReader) {
        var byLength: [Int64: Timeframe] = [:]
        for (index, timeframe) in timeframes.enumerated() {
            guard let earlier = byLength[timeframe.milliseconds] else {
                byLength[timeframe.milliseconds] = timeframe
                continue
            }
            let message =
                earlier.name == timeframe.name ? "\(timeframe.name) is listed twice" : "\(timeframe.name) is the same length as \(earlier.name)"
            reader.report("timeframes[\(index)]", message)
        }
    }

    private func validateFeed(_ reader: inout NodeReader) {
        if feed.source == .replay, feed.replay.file.isEmpty {
            reader.report("feed.replay.file", "a file is needed when feed.source is replay", at: reader.mark(of: "feed.source"))
        }
        // A recording smaller than a few frames would rotate on every message.
        if feed.recordMaxBytes < Self.minimumRecordBytes {
            reader.report("feed.record_max_bytes", "\(feed.recordMaxBytes) is below the minimum of \(Self.minimumRecordBytes) bytes")
        }
        if feed.replay.speed < 0 { reader.report("feed.replay.speed", "\(feed.replay.speed) is negative (0 replays as fast as possible)") }
        let rate = feed.simulate.tradesPerSecond
        if !(rate > 0 && rate <= Self.maximumTradesPerSecond) {
            reader.report("feed.simulate.trades_per_second", "\(rate) is not above 0 and at most \(Int(Self.maximumTradesPerSecond))")
        }
        for (index, symbol) in feed.symbols.enumerated() {
            validateSymbol(symbol, path: "feed.symbols[\(index)]", &reader)
            if feed.symbols[..<index].contains(symbol) { reader.report("feed.symbols[\(index)]", "\(symbol) is listed twice") }
        }
        if feed.binance.staleAfter.milliseconds <= 0 { reader.report("feed.binance.stale_after", "must be longer than 0s") }
        if feed.binance.maxReconnectDelay.milliseconds <= 0 { reader.report("feed.binance.max_reconnect_delay", "must be longer than 0s") }
        if !(feed.binance.websocketURL.hasPrefix("wss://") || feed.binance.websocketURL.hasPrefix("ws://")) {
            reader.report("feed.binance.websocket_url", "expected a ws:// or wss:// URL, found \"\(feed.binance.websocketURL)\"")
        }
        if !(feed.binance.restURL.hasPrefix("https://") || feed.binance.restURL.hasPrefix("http://")) {
            reader.report("feed.binance.rest_url", "expected an http:// or https:// URL, found \"\(feed.binance.restURL)\"")
        }
    }

    private func validatePair(_ pair: PairConfig, path: String, _ reader: inout NodeReader) {
        validateSymbol(pair.a, path: "\(path).a", &reader)
        validateSymbol(pair.b, path: "\(path).b", &reader)
        if pair.a == pair.b { reader.report("\(path).b", "\(pair.b) is the same symbol as a") }
        // With an explicit symbol list the feed subscribes to nothing else, so such a pair would never get a trade.
        for (key, symbol) in [("a", pair.a), ("b", pair.b)] where !feed.symbols.isEmpty && !feed.symbols.contains(symbol) {
            reader.report("\(path).\(key)", "\(symbol) is not among feed.symbols (\(feed.symbols.joined(separator: ", ")))")
        }
        // The limits live with the statistics (PairConfiguration), so the file, analyze and the engines agree.
        for problem in PairConfiguration.problems(window: pair.window, zscoreWindow: pair.zscoreWindow) {
            reader.report("\(path).\(problem.key.rawValue)", problem.message)
        }
        for (index, timeframe) in (pair.timeframes ?? []).enumerated() where !timeframes.contains(timeframe) {
            let listed = timeframes.map(\.name).joined(separator: ", ")
            reader.report("\(path).timeframes[\(index)]", "\(timeframe.name) is not among timeframes (\(listed))")
        }
    }

    /// Binance futures symbols: upper-case letters and digits, as the `s` field of its messages spells them.
    private func validateSymbol(_ symbol: String, path: String, _ reader: inout NodeReader) {
        let valid = (2...32).contains(symbol.count) && symbol.utf8.allSatisfy { (65...90).contains($0) || (48...57).contains($0) }
        if !valid { reader.report(path, "expected a symbol of upper-case letters and digits such as BTCUSDT, found \"\(symbol)\"") }
    }
}
