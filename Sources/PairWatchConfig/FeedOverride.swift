// SPDX-License-Identifier: Apache-2.0

extension PairWatchConfiguration {
    /// Applies `--feed simulate|binance|replay:FILE` over `feed.source`, with the same checks the file gets.
    public mutating func applyFeedOverride(_ text: String) throws(ConfigError) {
        func problem(_ message: String) -> ConfigError { .flag("--feed", message) }
        if text.hasPrefix("replay:") {
            let file = String(text.dropFirst("replay:".count))
            guard !file.isEmpty else { throw problem("replay needs a file: replay:FILE") }
            feed.source = .replay
            feed.replay.file = file
            return
        }
        switch FeedSource(rawValue: text) {
        case .simulate?:
            feed.source = .simulate
        case .binance?:
            feed.source = .binance
        case .replay?, nil:
            throw problem("expected simulate, binance or replay:FILE, found \"\(text)\"")
        }
    }

    /// Applies `--storage.path` over `storage.path`; an empty path would make SQLite open a temporary database.
    public mutating func applyStoragePathOverride(_ path: String) throws(ConfigError) {
        guard !path.isEmpty else { throw .flag("--storage.path", "must not be empty") }
        storage.path = path
    }
}

extension ConfigError {
    /// A problem with a command-line flag, printed as `--flag: message`.
    static func flag(_ name: String, _ message: String) -> ConfigError {
        ConfigError(diagnostics: [ConfigDiagnostic(file: name, line: nil, column: nil, path: "", message: message)])
    }
}
