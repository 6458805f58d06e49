// SPDX-License-Identifier: Apache-2.0
import Foundation
import MarketData

/// Two price columns and their timestamps read from a CSV file with a header row.
public struct PriceSeries: Sendable, Equatable {
    /// Timestamp cells as written, or the data row numbers (from 1) when the file has no timestamp column.
    public var timestamps: [String]
    public var a: [Double]
    public var b: [Double]

    /// Reads `file`. `timestamp` nil means the optional default column `timestamp`.
    public static func read(file: String, a: String, b: String, timestamp: String?) throws(AnalysisError) -> PriceSeries {
        let text: String
        do throws(FileAccessError) {
            text = try FileAccess.readText(file)
        } catch {
            throw .unreadable(file, error.reason)
        }
        return try parse(text, file: file, a: a, b: b, timestamp: timestamp)
    }

    /// Parses CSV text; `file` names it in errors.
    public static func parse(_ text: String, file: String, a: String, b: String, timestamp: String?) throws(AnalysisError) -> PriceSeries {
        var lines = text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline).enumerated().lazy
            .map { (number: $0.offset + 1, fields: AnalysisCSVFields.split($0.element)) }
            .filter { !($0.fields.count == 1 && $0.fields[0].isEmpty) }
            .makeIterator()
        guard let header = lines.next() else { throw .emptyFile(file) }
        func index(_ name: String) throws(AnalysisError) -> Int {
            guard let i = header.fields.firstIndex(of: name) else { throw .missingColumn(file, name, available: header.fields) }
            return i
        }
        let columnA = try index(a), columnB = try index(b)
        let columnTime = try timestamp.map { (name: String) throws(AnalysisError) -> Int in try index(name) }
            ?? header.fields.firstIndex(of: "timestamp")
        var series = PriceSeries(timestamps: [], a: [], b: [])
        while let row = lines.next() {
            guard row.fields.count == header.fields.count else {
                throw .fieldCount(file, line: row.number, expected: header.fields.count, found: row.fields.count)
            }
            series.a.append(try price(row.fields, columnA, file: file, line: row.number))
            series.b.append(try price(row.fields, columnB, file: file, line: row.number))
            series.timestamps.append(columnTime.map { row.fields[$0] } ?? String(series.a.count))
        }
        return series
    }

    private static func price(_ fields: [String], _ column: Int, file: String, line: Int) throws(AnalysisError) -> Double {
        let text = fields[column].trimmingCharacters(in: .whitespaces)
        guard let value = Double(text), value.isFinite else {
            throw .notANumber(file, line: line, column: column + 1, text: fields[column])
        }
        guard value > 0 else { throw .notPositive(file, line: line, column: column + 1, text: text) }
        return value
    }
}

/// Splits one CSV record (RFC 4180 quoting: `"a,b"` and `""` inside quotes; no line breaks inside fields).
enum AnalysisCSVFields {
    static func split(_ line: Substring) -> [String] {
        var fields: [String] = []
        var field = ""
        var quoted = false
        var previousWasQuote = false
        for character in line {
            if quoted {
                if character == "\"" {
                    quoted = false
                    previousWasQuote = true
                } else {
                    field.append(character)
                }
                continue
            }
            switch character {
            case "\"":
                // A quote right after a closing quote is an escaped quote.
                if previousWasQuote { field.append("\"") }
                quoted = true
            case ",":
                fields.append(field)
                field = ""
            default: field.append(character)
            }
            previousWasQuote = false
        }
        fields.append(field)
        return fields
    }
}
