// SPDX-License-Identifier: Apache-2.0
import Foundation

/// The fields of one Binance JSON object that the decoder knows, read in whatever order they come; every other key
/// is stepped over, whatever its value.
///
/// Numbers are checked as they are read; prices, quantities and strings are kept as byte ranges and only turned
/// into values once the kind of message is known (a `@trade` with `X` `NA` carries a price of `"0"`).
struct BinanceFields {
    enum Event { case aggregateTrade, trade }

    /// Offset of the object's `{`, where a missing field is reported.
    var start = 0
    var event: Event?
    var eventTime: Int64?
    var aggregateID: Int64?
    var tradeID: Int64?
    var tradeTime: Int64?
    var symbol: (range: Range<Int>, escaped: Bool)?
    var price: Range<Int>?
    var quantity: Range<Int>?
    var buyerIsMaker: Bool?
    /// `X` is `NA`: a `@trade` message that is not a trade to price.
    var notPriced = false
    /// A `result` key was present (a control reply), whatever its value.
    var hasResult = false
    /// Set by an `error` key, which wraps `code` and `msg` in an object of their own.
    var hasErrorObject = false
    var id: UInt64?
    var code: Int?
    var message: (range: Range<Int>, escaped: Bool)?

    /// Reads the object that comes next. At the top (`nested` false) `data` is the payload of a combined-stream
    /// wrapper and replaces everything else, and `error` holds a wrapped error.
    mutating func read(_ scanner: inout JSONScanner, nested: Bool) throws(BinanceDecodeError) {
        _ = scanner.peek()
        start = scanner.index
        try scanner.expect(UInt8(ascii: "{"), "'{'")
        if scanner.consume(UInt8(ascii: "}")) { return }
        var wrapped = false
        repeat {
            let key = try scanner.string("a key")
            try scanner.expect(UInt8(ascii: ":"), "':'")
            if wrapped || key.escaped {
                try scanner.skipValue()
            } else if !nested, isKey(scanner, key.range, "data") {
                self = try Self.object(&scanner, "data")
                wrapped = true
            } else if !nested, isKey(scanner, key.range, "error") {
                try readErrorObject(&scanner)
            } else {
                try readValue(&scanner, key: key.range)
            }
        } while scanner.consume(UInt8(ascii: ","))
        try scanner.expect(UInt8(ascii: "}"), "',' or '}'")
    }

    private static func object(_ scanner: inout JSONScanner, _ key: StaticString) throws(BinanceDecodeError) -> Self {
        guard scanner.peek() == UInt8(ascii: "{") else { throw scanner.unexpected("an object for \"\(key)\"") }
        var inner = Self()
        try inner.read(&scanner, nested: true)
        return inner
    }

    private mutating func readErrorObject(_ scanner: inout JSONScanner) throws(BinanceDecodeError) {
        let inner = try Self.object(&scanner, "error")
        hasErrorObject = true
        code = inner.code
        message = inner.message
        start = inner.start
    }

    private func isKey(_ scanner: JSONScanner, _ range: Range<Int>, _ name: StaticString) -> Bool {
        Self.matches(scanner.slice(range), name)
    }

    /// `memcmp` rather than `elementsEqual`, which compared byte by byte through the generic sequence code and cost
    /// a replay about a twentieth of its reading time: every key of every recorded line and frame comes here.
    static func matches(_ text: UnsafeRawBufferPointer, _ name: StaticString) -> Bool {
        guard text.count == name.utf8CodeUnitCount else { return false }
        guard let base = text.baseAddress else { return true }
        return memcmp(base, name.utf8Start, text.count) == 0
    }

    /// One value of a known key, or a skipped one; one-letter keys are told apart by their byte, the hot path.
    private mutating func readValue(_ scanner: inout JSONScanner, key: Range<Int>) throws(BinanceDecodeError) {
        guard key.count == 1 else { return try readLongKeyValue(&scanner, key: key) }
        switch scanner.bytes[key.lowerBound] {
        case UInt8(ascii: "e"): event = try Self.event(&scanner)
        case UInt8(ascii: "E"): eventTime = try scanner.nonNegative("E")
        case UInt8(ascii: "a"): aggregateID = try scanner.nonNegative("a")
        case UInt8(ascii: "t"): tradeID = try scanner.nonNegative("t")
        case UInt8(ascii: "T"): tradeTime = try scanner.nonNegative("T")
        case UInt8(ascii: "s"): symbol = try scanner.string("a symbol string for \"s\"")
        case UInt8(ascii: "p"): price = try scanner.decimalText("p")
        case UInt8(ascii: "q"): quantity = try scanner.decimalText("q")
        case UInt8(ascii: "m"): buyerIsMaker = try scanner.boolean("m")
        case UInt8(ascii: "X"):
            let status = try scanner.string("a string for \"X\"").range
            notPriced = isKey(scanner, status, "NA")
        default: try scanner.skipValue()
        }
    }

    private mutating func readLongKeyValue(_ scanner: inout JSONScanner, key: Range<Int>) throws(BinanceDecodeError) {
        if isKey(scanner, key, "id") {
            id = try scanner.optionalUnsigned("id")
        } else if isKey(scanner, key, "code") {
            code = try scanner.signed("code")
        } else if isKey(scanner, key, "msg") {
            message = try scanner.string("a string for \"msg\"")
        } else if isKey(scanner, key, "result") {
            hasResult = true
            try scanner.skipValue()
        } else {
            try scanner.skipValue()
        }
    }

    private static func event(_ scanner: inout JSONScanner) throws(BinanceDecodeError) -> Event {
        let range = try scanner.string("a string for \"e\"").range
        let text = scanner.slice(range)
        if matches(text, "aggTrade") { return .aggregateTrade }
        if matches(text, "trade") { return .trade }
        throw scanner.invalid(range, "\"aggTrade\" or \"trade\" for \"e\"")
    }
}
