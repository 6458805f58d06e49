// SPDX-License-Identifier: Apache-2.0

/// One line of a recording of Binance traffic: a frame as a connection received it, or a REST `aggTrades` body.
public struct RecordedItem: Sendable, Equatable {
    public enum Source: Sendable, Equatable {
        case frame(connection: String)
        case rest(symbol: String)
    }

    /// Wall-clock receive time, milliseconds since the epoch.
    public var receivedMs: Int64
    public var source: Source
    /// The frame's text or the REST body, exactly as received.
    public var payload: [UInt8]

    public init(receivedMs: Int64, source: Source, payload: [UInt8]) {
        self.receivedMs = receivedMs
        self.source = source
        self.payload = payload
    }
}

/// The JSON-lines format of a recording, written and read in one place so the two cannot drift apart:
/// `{"received_ms":…,"connection":"binance-0","frame":"…"}` and `{"received_ms":…,"symbol":"BTCUSDT","rest":"…"}`,
/// the payload escaped as a JSON string.
public enum BinanceRecording {
    /// Appends the line (newline included) recording `frame`.
    public static func appendLine(frame: UnsafeRawBufferPointer, connection: String, receivedMs: Int64, to line: inout [UInt8]) {
        append(receivedMs: receivedMs, nameKey: "connection", name: connection, payloadKey: "frame", payload: frame, to: &line)
    }

    /// Appends the line (newline included) recording the REST `aggTrades` body fetched for `symbol`.
    public static func appendLine(restBody: UnsafeRawBufferPointer, symbol: String, receivedMs: Int64, to line: inout [UInt8]) {
        append(receivedMs: receivedMs, nameKey: "symbol", name: symbol, payloadKey: "rest", payload: restBody, to: &line)
    }

    private static func append(
        receivedMs: Int64, nameKey: String, name: String, payloadKey: String, payload: UnsafeRawBufferPointer, to line: inout [UInt8]
    ) {
        line += #"{"received_ms":"#.utf8
        line += String(receivedMs).utf8
        line += #","\#(nameKey)":""#.utf8
        var name = name
        name.withUTF8 { JSONString.escape(UnsafeRawBufferPointer($0), to: &line) }
        line += #"",""#.utf8
        line += payloadKey.utf8
        line += #"":""#.utf8
        JSONString.escape(payload, to: &line)
        line += "\"}\n".utf8
    }

    /// Reads one line (without its newline); keys may come in any order and unknown ones are skipped.
    public static func parseLine(_ line: UnsafeRawBufferPointer) throws(BinanceDecodeError) -> RecordedItem {
        var item = RecordedItem(receivedMs: 0, source: .frame(connection: ""), payload: [])
        try parseLine(line, into: &item)
        return item
    }

    /// Reads one line into `item`, replacing all of it but reusing its payload's storage: a replay reads millions of
    /// lines, and a new array for each payload cost it about a twentieth of its reading time (measured with `perf`).
    public static func parseLine(_ line: UnsafeRawBufferPointer, into item: inout RecordedItem) throws(BinanceDecodeError) {
        var scanner = JSONScanner(line)
        var parts = Parts()
        try scanner.expect(UInt8(ascii: "{"), "'{' opening a recorded line")
        if !scanner.consume(UInt8(ascii: "}")) {
            repeat {
                let key = scanner.slice(try scanner.string("a key").range)
                try scanner.expect(UInt8(ascii: ":"), "':'")
                try parts.read(key, &scanner, payload: &item.payload)
            } while scanner.consume(UInt8(ascii: ","))
            try scanner.expect(UInt8(ascii: "}"), "',' or '}'")
        }
        try scanner.expectEnd()
        try parts.fill(&item)
    }

    /// The keys of one line as they are read; `frame` goes with `connection`, `rest` with `symbol`. The payload is
    /// unescaped straight into the item's as it is read; a line with both keys is a frame.
    private struct Parts {
        var receivedMs: Int64?
        var connection: String?
        var symbol: String?
        var hasFrame = false
        var hasRest = false

        mutating func read(_ key: UnsafeRawBufferPointer, _ scanner: inout JSONScanner, payload: inout [UInt8]) throws(BinanceDecodeError) {
            if BinanceFields.matches(key, "received_ms") {
                receivedMs = try scanner.nonNegative("received_ms")
            } else if BinanceFields.matches(key, "connection") {
                connection = String(decoding: try unescaped(&scanner, "connection"), as: UTF8.self)
            } else if BinanceFields.matches(key, "symbol") {
                symbol = String(decoding: try unescaped(&scanner, "symbol"), as: UTF8.self)
            } else if BinanceFields.matches(key, "frame") {
                try scanner.string("a string for \"frame\"", unescapingInto: &payload)
                hasFrame = true
            } else if BinanceFields.matches(key, "rest"), !hasFrame {
                try scanner.string("a string for \"rest\"", unescapingInto: &payload)
                hasRest = true
            } else {
                try scanner.skipValue()
            }
        }

        func fill(_ item: inout RecordedItem) throws(BinanceDecodeError) {
            func missing(_ what: String) -> BinanceDecodeError {
                BinanceDecodeError(offset: 0, message: "expected \(what) in the recorded line, found none")
            }
            guard let receivedMs else { throw missing("\"received_ms\"") }
            if hasFrame {
                guard let connection else { throw missing("\"connection\" beside \"frame\"") }
                item.source = .frame(connection: connection)
            } else {
                guard hasRest else { throw missing("\"frame\" or \"rest\"") }
                guard let symbol else { throw missing("\"symbol\" beside \"rest\"") }
                item.source = .rest(symbol: symbol)
            }
            item.receivedMs = receivedMs
        }
    }

    private static func unescaped(_ scanner: inout JSONScanner, _ key: StaticString) throws(BinanceDecodeError) -> [UInt8] {
        let text = try scanner.string("a string for \"\(key)\"")
        let bytes = scanner.slice(text.range)
        return text.escaped ? JSONString.unescaped(bytes) : Array(bytes)
    }
}
