// SPDX-License-Identifier: Apache-2.0
import MarketData
import PairStats

/// The whole configuration of pairwatch: one YAML file, every key with a default, so that no file at all means
/// "watch BTCUSDT/ETHUSDT". Key names are the YAML ones in snake_case; later releases add keys, never rename.
public struct PairWatchConfiguration: Sendable, Equatable {
    public var storage = StorageConfig()
    public var feed = FeedConfig()
    public var timeframes: [Timeframe] = ["1s", "1m", "5m"].compactMap(Timeframe.init)
    public var resampler = ResamplerConfig()
    public var pairs: [PairConfig] = [PairConfig(a: "BTCUSDT", b: "ETHUSDT")]
    public var alerting = AlertingConfig()
    public var web = WebConfig()

    public init() {}

    /// `feed.symbols`, or when it is empty every symbol a pair names, in order of first mention.
    public var symbols: [String] {
        guard feed.symbols.isEmpty else { return feed.symbols }
        var seen = Set<String>()
        return pairs.flatMap { [$0.a, $0.b] }.filter { seen.insert($0).inserted }
    }
}

public struct StorageConfig: Sendable, Equatable {
    public var path = "./data/pairwatch.db"
    /// How long raw trades are kept.
    public var retention = ConfigDuration.days(7)
    /// How long bars are kept, unless `barRetentionOverrides` names their timeframe.
    public var barRetention = ConfigDuration.days(90)
    public var barRetentionOverrides: [String: ConfigDuration] = [:]
    /// A write transaction holds at most `batchSize` trades (a backlog up to 64 times that) and a commit starts at most
    /// once per `batchInterval` unless a full batch is queued; an idle writer commits a new trade at once.
    public var batchSize = 1_000
    public var batchInterval = ConfigDuration(milliseconds: 10)

    public init() {}

    public func barRetention(for timeframe: Timeframe) -> ConfigDuration {
        barRetentionOverrides[timeframe.name] ?? barRetention
    }
}

public enum FeedSource: String, Sendable, Equatable, CaseIterable {
    case simulate, binance, replay
}

public struct FeedConfig: Sendable, Equatable {
    public var source = FeedSource.binance
    /// Empty means every symbol named by a pair.
    public var symbols: [String] = []
    /// A file the live feed appends every raw message to (JSON lines), for `--feed replay:FILE`; empty records nothing.
    public var record = ""
    /// The recording is rotated to `FILE.1` when it reaches this size, so it takes at most twice this on disk.
    public var recordMaxBytes: Int64 = 1 << 30
    public var binance = BinanceConfig()
    public var simulate = SimulateConfig()
    public var replay = ReplayConfig()

    public init() {}
}

public struct BinanceConfig: Sendable, Equatable {
    public var websocketURL = "wss://fstream.binance.com/market/stream"
    public var restURL = "https://fapi.binance.com"
    public var staleAfter = ConfigDuration.seconds(60)
    /// Reconnect delays start at 1s and double up to this bound, each drawn at random below it (full jitter).
    public var maxReconnectDelay = ConfigDuration.seconds(60)

    public init() {}
}

public struct SimulateConfig: Sendable, Equatable {
    public var seed: UInt64 = 1
    public var tradesPerSecond = 20.0

    public init() {}
}

public struct ReplayConfig: Sendable, Equatable {
    public var file = ""
    /// Event time runs this many times faster than the wall clock; 0 replays as fast as possible.
    public var speed = 1.0

    public init(file: String = "", speed: Double = 1.0) {
        self.file = file
        self.speed = speed
    }
}

public struct ResamplerConfig: Sendable, Equatable {
    /// A bar closes once the highest trade time seen passes its end by this much.
    public var allowedLateness = ConfigDuration.seconds(2)

    public init() {}
}

public struct PairConfig: Sendable, Equatable {
    public var a: String
    public var b: String
    public var method = HedgeMethod.huber
    /// Bars in the regression and ADF window.
    public var window = 500
    public var zscoreWindow = 100
    /// nil means every configured timeframe.
    public var timeframes: [Timeframe]?

    public init(a: String, b: String) {
        self.a = a
        self.b = b
    }

    /// `A/B`, the value of the `pair` label.
    public var name: String { "\(a)/\(b)" }

    /// The settings of this pair's statistics engines: the one conversion from the file's pair to `PairStats`,
    /// checked against the limits a user may configure (which `check-config` reports at their keys).
    public func statisticsConfiguration() throws(PairConfigurationError) -> PairConfiguration {
        try PairConfiguration.checked(window: window, zscoreWindow: zscoreWindow, method: method)
    }

    public func effectiveTimeframes(in configuration: PairWatchConfiguration) -> [Timeframe] {
        timeframes ?? configuration.timeframes
    }
}
