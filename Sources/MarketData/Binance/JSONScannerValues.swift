// SPDX-License-Identifier: Apache-2.0

/// Typed reads on top of `JSONScanner`'s tokens: the shapes Binance sends a value in, each accepted as Binance (or a
/// proxy re-encoding it) may write it, e.g. an id as a JSON number or as a string of digits.
extension JSONScanner {
    /// Steps over one value of any kind, nested ones included.
    mutating func skipValue(depth: Int = 0) throws(BinanceDecodeError) {
        switch peek() {
        case UInt8(ascii: "\""):
            _ = try string("a value")
        case UInt8(ascii: "{"), UInt8(ascii: "["):
            try skipContainer(depth: depth)
        case UInt8(ascii: "t"), UInt8(ascii: "f"), UInt8(ascii: "n"):
            guard literal("true") || literal("false") || literal("null") else { throw unexpected("a value") }
        default:
            _ = try number("a value")
        }
    }

    private mutating func skipContainer(depth: Int) throws(BinanceDecodeError) {
        guard depth < Self.maxDepth else { throw unexpected("at most \(Self.maxDepth) levels of nesting") }
        let isObject = consume(UInt8(ascii: "{"))
        if !isObject { index += 1 }
        let close = isObject ? UInt8(ascii: "}") : UInt8(ascii: "]")
        if consume(close) { return }
        repeat {
            if isObject {
                _ = try string("a key")
                try expect(UInt8(ascii: ":"), "':'")
            }
            try skipValue(depth: depth + 1)
        } while consume(UInt8(ascii: ","))
        try expect(close, isObject ? "',' or '}'" : "',' or ']'")
    }

    /// The bytes of a number, or of a string standing for one (`"68005.00"`, `"3141966230"`).
    mutating func numeral(_ expected: @autoclosure () -> String) throws(BinanceDecodeError) -> Range<Int> {
        if peek() == UInt8(ascii: "\"") { return try string(expected()).range }
        return try number(expected())
    }

    /// A non-negative integer that fits 64 bits, as a number or a string of digits.
    mutating func unsigned(_ key: StaticString) throws(BinanceDecodeError) -> UInt64 {
        let range = try numeral("an unsigned integer for \"\(key)\"")
        guard let value = Self.digits(slice(range)) else { throw invalid(range, "an unsigned integer for \"\(key)\"") }
        return value
    }

    /// A non-negative integer up to `Int64.max` (ids and times).
    mutating func nonNegative(_ key: StaticString) throws(BinanceDecodeError) -> Int64 {
        if let value = plainInteger() { return value }
        let range = try numeral("an integer for \"\(key)\"")
        guard let value = Self.digits(slice(range)), value <= UInt64(Int64.max) else { throw invalid(range, "an integer for \"\(key)\"") }
        return Int64(value)
    }

    /// The integer next when it is written as a frame writes its ids and times, 1 to 18 digits without a leading zero
    /// and not followed by a fraction or an exponent, read in one pass; nil, consuming nothing, otherwise. Checking
    /// the number against JSON's grammar and then reading its digits again cost a replay about a tenth of its
    /// decoding (measured with Benchmarks/ FeedBench); every other form goes that way still, with its errors.
    @inline(__always)
    mutating func plainInteger() -> Int64? {
        guard let first = peek(), first &- 48 < 10 else { return nil }
        var (position, value) = (index, Int64(0))
        while position < bytes.count, position - index < 18, bytes[position] &- 48 < 10 {
            value = value * 10 + Int64(bytes[position] &- 48)
            position += 1
        }
        let digits = position - index
        if position < bytes.count {
            let next = bytes[position]
            guard next &- 48 >= 10, next != UInt8(ascii: "."), next | 0x20 != UInt8(ascii: "e") else { return nil }
        }
        guard first != UInt8(ascii: "0") || digits == 1 else { return nil }
        index = position
        return value
    }

    /// An integer of either sign that fits `Int` (error codes are negative on REST).
    mutating func signed(_ key: StaticString) throws(BinanceDecodeError) -> Int {
        let range = try numeral("an integer for \"\(key)\"")
        let negative = !range.isEmpty && bytes[range.lowerBound] == UInt8(ascii: "-")
        let magnitude = Self.digits(slice(negative ? (range.lowerBound + 1)..<range.upperBound : range))
        guard let magnitude, magnitude <= UInt64(Int.max) else { throw invalid(range, "an integer for \"\(key)\"") }
        return negative ? -Int(magnitude) : Int(magnitude)
    }

    /// An unsigned id, or nil for `null`.
    mutating func optionalUnsigned(_ key: StaticString) throws(BinanceDecodeError) -> UInt64? {
        literal("null") ? nil : try unsigned(key)
    }

    mutating func boolean(_ key: StaticString) throws(BinanceDecodeError) -> Bool {
        if literal("true") { return true }
        if literal("false") { return false }
        throw unexpected("true or false for \"\(key)\"")
    }

    /// The bytes of a decimal (a string such as `"68005.00"`, or a number), parsed later by `decimal(_:)`.
    mutating func decimalText(_ key: StaticString) throws(BinanceDecodeError) -> Range<Int> {
        try numeral("a decimal string for \"\(key)\"")
    }

    /// The decimal in `range`, parsed exactly as the CSV import parses the same text, so live and imported trades
    /// make bit-identical bars.
    func decimal(_ range: Range<Int>, _ expected: String) throws(BinanceDecodeError) -> Double {
        guard let value = CSVField.decimal(slice(range)) else { throw invalid(range, expected) }
        return value
    }

    /// Decimal digits only, no sign, no overflow; nil otherwise.
    static func digits(_ text: UnsafeRawBufferPointer) -> UInt64? {
        guard !text.isEmpty else { return nil }
        var value: UInt64 = 0
        for byte in text {
            guard byte &- 48 < 10 else { return nil }
            let (times, overflowTimes) = value.multipliedReportingOverflow(by: 10)
            let (sum, overflowSum) = times.addingReportingOverflow(UInt64(byte &- 48))
            guard !overflowTimes, !overflowSum else { return nil }
            value = sum
        }
        return value
    }
}
