// SPDX-License-Identifier: Apache-2.0
import MarketData
import PairStats

/// Why `pairwatch analyze` cannot analyse its input; each message names the file, line or flag at fault.
public struct AnalysisError: Error, Sendable, Equatable, CustomStringConvertible {
    private enum Code: Equatable {
        case unreadable(file: String, reason: String)
        case emptyFile(file: String)
        case missingColumn(file: String, column: String, available: [String])
        case fieldCount(file: String, line: Int, expected: Int, found: Int)
        case notANumber(file: String, line: Int, column: Int, text: String)
        case notPositive(file: String, line: Int, column: Int, text: String)
        case tooFewRows(file: String, rows: Int, needed: Int)
        case windowLargerThanRows(file: String, window: Int, rows: Int)
        case flag(String)
        case constant(file: String, column: String, rows: Int)
        case noBars(database: String, symbol: String, timeframe: Timeframe)
        case tooFewBars(database: String, series: String, bars: Int, needed: Int)
        case windowLargerThanBars(database: String, window: Int, series: String, bars: Int)
        case constantLeg(database: String, symbol: String, timeframe: Timeframe, bars: Int)
        case storage(String)
    }

    private let code: Code

    static func unreadable(_ file: String, _ reason: String) -> Self { Self(code: .unreadable(file: file, reason: reason)) }
    static func emptyFile(_ file: String) -> Self { Self(code: .emptyFile(file: file)) }
    static func missingColumn(_ file: String, _ column: String, available: [String]) -> Self {
        Self(code: .missingColumn(file: file, column: column, available: available))
    }
    static func fieldCount(_ file: String, line: Int, expected: Int, found: Int) -> Self {
        Self(code: .fieldCount(file: file, line: line, expected: expected, found: found))
    }
    static func notANumber(_ file: String, line: Int, column: Int, text: String) -> Self {
        Self(code: .notANumber(file: file, line: line, column: column, text: text))
    }
    static func notPositive(_ file: String, line: Int, column: Int, text: String) -> Self {
        Self(code: .notPositive(file: file, line: line, column: column, text: text))
    }
    static func tooFewRows(_ file: String, rows: Int, needed: Int) -> Self { Self(code: .tooFewRows(file: file, rows: rows, needed: needed)) }
    static func windowLargerThanRows(_ file: String, window: Int, rows: Int) -> Self {
        Self(code: .windowLargerThanRows(file: file, window: window, rows: rows))
    }
    static func flag(_ message: String) -> Self { Self(code: .flag(message)) }
    static func constant(_ file: String, column: String, rows: Int) -> Self { Self(code: .constant(file: file, column: column, rows: rows)) }
    static func noBars(_ database: String, symbol: String, timeframe: Timeframe) -> Self {
        Self(code: .noBars(database: database, symbol: symbol, timeframe: timeframe))
    }
    /// `series` names the aligned bars: `1m bars of BTCUSDT/ETHUSDT`.
    static func tooFewBars(_ database: String, series: String, bars: Int, needed: Int) -> Self {
        Self(code: .tooFewBars(database: database, series: series, bars: bars, needed: needed))
    }
    static func windowLargerThanBars(_ database: String, window: Int, series: String, bars: Int) -> Self {
        Self(code: .windowLargerThanBars(database: database, window: window, series: series, bars: bars))
    }
    static func constantLeg(_ database: String, symbol: String, timeframe: Timeframe, bars: Int) -> Self {
        Self(code: .constantLeg(database: database, symbol: symbol, timeframe: timeframe, bars: bars))
    }
    /// The database could not be opened or read; `message` is Storage's, which names the path.
    static func storage(_ message: String) -> Self { Self(code: .storage(message)) }

    public var description: String {
        switch code {
        case .unreadable(let file, let reason): "\(file): \(reason)"
        case .emptyFile(let file): "\(file): empty file, expected a header row naming the columns"
        case .missingColumn(let file, let column, let available):
            "\(file): no column \"\(column)\"; the file has \(available.map { "\"\($0)\"" }.joined(separator: ", "))"
        case .fieldCount(let file, let line, let expected, let found):
            "\(file):\(line): expected \(expected) fields like the header, found \(found)"
        case .notANumber(let file, let line, let column, let text): "\(file):\(line):\(column): expected a number, found \"\(text)\""
        case .notPositive(let file, let line, let column, let text):
            "\(file):\(line):\(column): prices must be positive, found \(text)"
        case .tooFewRows(let file, let rows, let needed): "\(file): \(rows) data rows, analyze needs at least \(needed)"
        case .windowLargerThanRows(let file, let window, let rows):
            "\(file): --window \(window) is larger than the number of data rows (\(rows))"
        case .flag(let message): message
        case .constant(let file, let column, let rows):
            "\(file): column \"\(column)\" is constant over the last \(rows) rows, so no hedge ratio exists"
        case .noBars(let database, let symbol, let timeframe): "no stored \(timeframe.name) bars for \(symbol) in \(database)"
        case .tooFewBars(let database, let series, let bars, let needed): "\(database): \(bars) aligned \(series), analyze needs at least \(needed)"
        case .windowLargerThanBars(let database, let window, let series, let bars):
            "\(database): --window \(window) is larger than the number of aligned \(series) (\(bars))"
        case .constantLeg(let database, let symbol, let timeframe, let bars):
            "\(database): the \(timeframe.name) closes of \(symbol) are constant over the last \(bars) bars, so no hedge ratio exists"
        case .storage(let message): message
        }
    }
}
