// SPDX-License-Identifier: Apache-2.0
import MarketData
import Synchronization

/// What the API needs to know of the running configuration (which symbols and timeframes exist, for 404s, and the
/// summary `/api/v1/status` shows), replaced by the daemon at each successful reload. The exporter does not read
/// the configuration file's types, so this is its own plain copy.
public final class RunningConfiguration: Sendable {
    public struct Summary: Sendable, Equatable {
        public var symbols: [String]
        public var timeframes: [Timeframe]
        public var feedSource: String
        public var storagePath: String
        public var pairs: Int
        public var alertRules: Int
        public var receivers: [String]

        public init(
            symbols: [String], timeframes: [Timeframe], feedSource: String, storagePath: String, pairs: Int, alertRules: Int, receivers: [String]
        ) {
            self.symbols = symbols
            self.timeframes = timeframes
            self.feedSource = feedSource
            self.storagePath = storagePath
            self.pairs = pairs
            self.alertRules = alertRules
            self.receivers = receivers
        }
    }

    private let current: Mutex<Summary>

    public init(_ summary: Summary) {
        current = Mutex(summary)
    }

    public var summary: Summary { current.withLock { $0 } }

    public func replace(_ summary: Summary) {
        current.withLock { $0 = summary }
    }
}
