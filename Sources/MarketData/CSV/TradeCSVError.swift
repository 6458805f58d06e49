// SPDX-License-Identifier: Apache-2.0

/// A row of a trade file that cannot be read: `FILE:LINE:COLUMN: expected …, found "…"`.
///
/// Lines and columns count from 1; the column is the byte position where the offending field starts, as
/// compilers and editors count it.
public struct TradeCSVError: Error, Sendable, Equatable, CustomStringConvertible {
    public let file: String
    public let line: Int
    public let column: Int
    public let message: String

    public init(file: String, line: Int, column: Int, message: String) {
        self.file = file
        self.line = line
        self.column = column
        self.message = message
    }

    public var description: String { "\(file):\(line):\(column): \(message)" }
}
