// SPDX-License-Identifier: Apache-2.0
import MarketData
import PairStats

/// One pair on one timeframe: the unit the monitor keeps an engine for and the exporter labels
/// (`pair="A/B"`, `timeframe="1m"`).
public struct PairSeries: Sendable, Hashable, CustomStringConvertible {
    public let a: String
    public let b: String
    public let timeframe: Timeframe

    public init(a: String, b: String, timeframe: Timeframe) {
        self.a = a
        self.b = b
        self.timeframe = timeframe
    }

    /// `A/B`, the value of the `pair` label.
    public var pair: String { "\(a)/\(b)" }

    public var description: String { "\(pair) \(timeframe.name)" }

    /// The bars of A and of B this series is computed from.
    var legs: (a: Leg, b: Leg) { (Leg(symbol: a, timeframe: timeframe), Leg(symbol: b, timeframe: timeframe)) }

    /// Exposition order: by pair, then by timeframe length.
    public static func order(_ lhs: PairSeries, _ rhs: PairSeries) -> Bool {
        (lhs.a, lhs.b, lhs.timeframe.milliseconds) < (rhs.a, rhs.b, rhs.timeframe.milliseconds)
    }
}

/// A pair series and the settings of its statistics.
public struct PairSeriesSettings: Sendable, Equatable {
    public let series: PairSeries
    public let configuration: PairConfiguration

    public init(series: PairSeries, configuration: PairConfiguration) {
        self.series = series
        self.configuration = configuration
    }
}

/// One symbol's bars on one timeframe: a leg of one or more pair series.
struct Leg: Hashable, Sendable {
    let symbol: String
    let timeframe: Timeframe
}

/// The closes of both legs for one interval.
public struct PairCloses: Sendable, Equatable {
    /// Start of the interval, milliseconds since the epoch.
    public var startMs: Int64
    public var a: Double
    public var b: Double

    public init(startMs: Int64, a: Double, b: Double) {
        self.startMs = startMs
        self.a = a
        self.b = b
    }
}
