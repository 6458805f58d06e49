// SPDX-License-Identifier: Apache-2.0

/// Streams trades out of a trade CSV file fed in chunks of any size, so memory stays flat whatever the file size.
///
/// Rows may be out of time order. A header line is recognised by its first field not being a number (older
/// Binance files have none). Lines end in LF or CRLF; the last may lack one; blank lines are skipped. Seed rows
/// carry no exchange id, so each gets a synthetic one, `time_ms × 1000 + k` (see `SeedTradeIDs` for the rule
/// and its limits): importing the same file again yields the same ids, so nothing is inserted twice.
public struct TradeCSVParser: Sendable {
    /// What every row of one file shares, handed to the row reader without copying the parser's buffers.
    struct Context: Sendable {
        let file: String
        let format: TradeFileFormat
        let symbol: String?
    }

    private let context: Context
    private var pending: [UInt8] = []
    private var line = 0
    private var sawFirstRow = false
    private var seedIDs = SeedTradeIDs()
    /// Appended to row errors when the first line looks like another format than the one read, which is then the
    /// likelier fault (`--format aggtrades` on a seed file) than the row.
    private var formatHint = ""

    public var file: String { context.file }
    public var format: TradeFileFormat { context.format }

    /// `symbol` names the symbol of Binance files (whose rows do not); seed rows name their own.
    public init(file: String, format: TradeFileFormat, symbol: String?) {
        context = Context(file: file, format: format, symbol: symbol)
    }

    /// Parses every complete line in `bytes`, keeping a trailing partial line for the next chunk.
    public mutating func consume(_ bytes: UnsafeRawBufferPointer, emit: (Trade) throws -> Void) throws {
        var start = 0
        if !pending.isEmpty, let newline = bytes.firstIndex(of: UInt8(ascii: "\n")) {
            pending.append(contentsOf: bytes[0..<newline])
            let carried = pending
            pending.removeAll(keepingCapacity: true)
            try carried.withUnsafeBytes { try parseLine($0, emit: emit) }
            start = newline + 1
        } else if !pending.isEmpty {
            pending.append(contentsOf: bytes)
            return
        }
        var lineStart = start
        for index in start..<bytes.count where bytes[index] == UInt8(ascii: "\n") {
            try parseLine(UnsafeRawBufferPointer(rebasing: bytes[lineStart..<index]), emit: emit)
            lineStart = index + 1
        }
        pending.append(contentsOf: bytes[lineStart..<bytes.count])
    }

    /// Parses a last line that had no newline.
    public mutating func finish(emit: (Trade) throws -> Void) throws {
        guard !pending.isEmpty else { return }
        let carried = pending
        pending.removeAll()
        try carried.withUnsafeBytes { try parseLine($0, emit: emit) }
    }

    private mutating func parseLine(_ raw: UnsafeRawBufferPointer, emit: (Trade) throws -> Void) throws {
        line += 1
        var bytes = raw
        if let last = bytes.last, last == UInt8(ascii: "\r") { bytes = UnsafeRawBufferPointer(rebasing: bytes.dropLast()) }
        // Spreadsheet exports may start with a UTF-8 byte order mark; it would hide a headerless file's first row.
        if line == 1, bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes = UnsafeRawBufferPointer(rebasing: bytes.dropFirst(3)) }
        guard !bytes.isEmpty else { return }
        var fields = FieldSplitter(bytes)
        if !sawFirstRow {
            sawFirstRow = true
            let isHeader = bytes.first.map { !($0 &- 48 < 10) } ?? false
            formatHint = Self.hint(reading: context.format, firstLine: bytes, isHeader: isHeader)
            if isHeader { return }
        }
        let row = RowReader(context: context, line: line)
        let trade: Trade
        do {
            trade = try row.trade(&fields, seedIDs: &seedIDs)
        } catch let error as TradeCSVError where !formatHint.isEmpty {
            throw TradeCSVError(file: error.file, line: error.line, column: error.column, message: error.message + formatHint)
        }
        try emit(trade)
    }

    /// ` (reading as aggtrades; the header looks like seed)` when the first line suggests another format, else empty.
    private static func hint(reading format: TradeFileFormat, firstLine: UnsafeRawBufferPointer, isHeader: Bool) -> String {
        let text = String(decoding: firstLine, as: UTF8.self)
        guard let suggested = TradeFileFormat.detect(fileName: "", firstLine: text), suggested != format else { return "" }
        return " (reading as \(format.rawValue); the \(isHeader ? "header" : "first row") looks like \(suggested.rawValue))"
    }
}

/// Splits one line at commas, remembering where each field starts for error columns.
struct FieldSplitter {
    private let bytes: UnsafeRawBufferPointer
    private var position = 0
    private(set) var count = 0
    /// 1-based byte column of the field last returned.
    private(set) var column = 1

    init(_ bytes: UnsafeRawBufferPointer) {
        self.bytes = bytes
    }

    mutating func next() -> UnsafeRawBufferPointer? {
        guard position <= bytes.count else { return nil }
        let start = position
        var end = start
        while end < bytes.count, bytes[end] != UInt8(ascii: ",") { end += 1 }
        position = end + 1
        column = start + 1
        count += 1
        return UnsafeRawBufferPointer(rebasing: bytes[start..<end])
    }

    /// Column just past the end of the line, for "missing field" errors.
    var endColumn: Int { bytes.count + 1 }
}
