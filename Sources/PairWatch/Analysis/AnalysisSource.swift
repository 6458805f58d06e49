// SPDX-License-Identifier: Apache-2.0
import MarketData

/// Where `pairwatch analyze` reads its two series, and how its messages name them.
public enum AnalysisSource: Sendable, Equatable {
    /// Two price columns of a CSV file with a header row; `timestamp` nil uses the column `timestamp` when the file
    /// has one, else row numbers.
    case csv(file: String, a: String, b: String, timestamp: String?)
    /// The closes of the stored `timeframe` bars of symbols `a` and `b` in the database at `database`, at the
    /// intervals both legs have, timestamped with the bar start in milliseconds since the epoch.
    case stored(database: String, a: String, b: String, timeframe: Timeframe)

    /// The dependent leg: a column or a symbol.
    public var a: String {
        switch self {
        case .csv(_, let a, _, _), .stored(_, let a, _, _): a
        }
    }

    /// The hedge leg: a column or a symbol.
    public var b: String {
        switch self {
        case .csv(_, _, let b, _), .stored(_, _, let b, _): b
        }
    }

    /// Both series, oldest first.
    func read() throws(AnalysisError) -> PriceSeries {
        switch self {
        case .csv(let file, let a, let b, let timestamp): try PriceSeries.read(file: file, a: a, b: b, timestamp: timestamp)
        case .stored(let database, let a, let b, let timeframe): try PriceSeries.read(database: database, a: a, b: b, timeframe: timeframe)
        }
    }

    /// What the table's `pair` row says after the legs.
    var origin: String {
        switch self {
        case .csv(let file, _, _, _): file
        case .stored(let database, _, _, let timeframe): "\(timeframe.name) bars in \(database)"
        }
    }

    func tooFewRows(_ rows: Int, needed: Int) -> AnalysisError {
        switch self {
        case .csv(let file, _, _, _): .tooFewRows(file, rows: rows, needed: needed)
        case .stored(let database, _, _, _): .tooFewBars(database, series: alignedBars, bars: rows, needed: needed)
        }
    }

    func windowLargerThanRows(_ window: Int, rows: Int) -> AnalysisError {
        switch self {
        case .csv(let file, _, _, _): .windowLargerThanRows(file, window: window, rows: rows)
        case .stored(let database, _, _, _): .windowLargerThanBars(database, window: window, series: alignedBars, bars: rows)
        }
    }

    /// Leg `column` (a column name or a symbol) does not vary over the last `rows` values.
    func constant(_ column: String, rows: Int) -> AnalysisError {
        switch self {
        case .csv(let file, _, _, _): .constant(file, column: column, rows: rows)
        case .stored(let database, _, _, let timeframe): .constantLeg(database, symbol: column, timeframe: timeframe, bars: rows)
        }
    }

    /// `1m bars of BTCUSDT/ETHUSDT`.
    private var alignedBars: String {
        guard case .stored(_, let a, let b, let timeframe) = self else { return "rows" }
        return "\(timeframe.name) bars of \(a)/\(b)"
    }
}
