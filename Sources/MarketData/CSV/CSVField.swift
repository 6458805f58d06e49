// SPDX-License-Identifier: Apache-2.0

/// Number, boolean and time parsing straight from the bytes of one CSV field, without building a String per
/// field: import speed is bounded by this loop.
enum CSVField {
    /// A non-negative decimal integer; nil on anything else or on overflow.
    static func integer(_ field: UnsafeRawBufferPointer) -> Int64? {
        guard !field.isEmpty else { return nil }
        var value: Int64 = 0
        for byte in field {
            guard byte &- 48 < 10 else { return nil }
            let (times, o1) = value.multipliedReportingOverflow(by: 10)
            let (sum, o2) = times.addingReportingOverflow(Int64(byte &- 48))
            guard !o1, !o2 else { return nil }
            value = sum
        }
        return value
    }

    /// A decimal number such as `68005.00` or `-0.5`.
    ///
    /// Up to 15 significant digits the value is the integer mantissa divided by an exact power of ten, a single
    /// correctly rounded operation (IEEE 754), so it equals what `strtod` returns; longer or exponent forms go
    /// through the standard library's parser.
    static func decimal(_ field: UnsafeRawBufferPointer) -> Double? {
        guard !field.isEmpty else { return nil }
        var index = 0
        let negative = field[0] == UInt8(ascii: "-")
        if negative || field[0] == UInt8(ascii: "+") { index = 1 }
        var mantissa: Int64 = 0
        var digits = 0
        var fractionDigits = 0
        var seenPoint = false
        var sawDigit = false
        while index < field.count {
            let byte = field[index]
            if byte == UInt8(ascii: "."), !seenPoint {
                seenPoint = true
            } else if byte &- 48 < 10 {
                guard digits < 15 else { return slowDecimal(field) }
                sawDigit = true
                mantissa = mantissa * 10 + Int64(byte &- 48)
                if mantissa != 0 { digits += 1 }
                if seenPoint { fractionDigits += 1 }
            } else {
                return slowDecimal(field)
            }
            index += 1
        }
        guard sawDigit, fractionDigits <= 22 else { return nil }
        let value = Double(mantissa) / powersOfTen[fractionDigits]
        return negative ? -value : value
    }

    private static let powersOfTen: [Double] = (0...22).map { exponent in
        (0..<exponent).reduce(1.0) { value, _ in value * 10 }
    }

    private static func slowDecimal(_ field: UnsafeRawBufferPointer) -> Double? {
        Double(String(decoding: field, as: UTF8.self)).flatMap { $0.isFinite ? $0 : nil }
    }

    /// `true`/`false` as Binance futures files write them, `True`/`False` as its spot files do (and upper case).
    static func boolean(_ field: UnsafeRawBufferPointer) -> Bool? {
        // Five bytes at most fit a small string: no allocation (measured faster than comparing bytes).
        switch String(decoding: field, as: UTF8.self) {
        case "true", "True", "TRUE": return true
        case "false", "False", "FALSE": return false
        default: return nil
        }
    }

    /// Milliseconds since the epoch, or ISO 8601 UTC `YYYY-MM-DDTHH:MM:SS[.fff][Z|+00:00|+0000]` (a space may
    /// stand for the `T`; digits past milliseconds are truncated; other offsets are refused). Days from the civil
    /// date by Howard Hinnant's `days_from_civil` algorithm.
    static func timestamp(_ field: UnsafeRawBufferPointer) -> Int64? {
        if let milliseconds = integer(field) { return milliseconds <= maxTimestampMs ? milliseconds : nil }
        let bytes = field
        func at(_ index: Int, _ ascii: Unicode.Scalar) -> Bool { bytes[index] == UInt8(ascii: ascii) }
        guard bytes.count >= 19, at(4, "-"), at(7, "-"), at(10, "T") || at(10, " "), at(13, ":"), at(16, ":") else { return nil }
        func number(_ range: Range<Int>) -> Int64? { integer(UnsafeRawBufferPointer(rebasing: bytes[range])) }
        guard let year = number(0..<4), let month = number(5..<7), let day = number(8..<10), let hour = number(11..<13),
            let minute = number(14..<16), let second = number(17..<19), (1...12).contains(month), (1...31).contains(day), hour < 24,
            minute < 60, second < 61
        else { return nil }
        var index = 19
        var milliseconds: Int64 = 0
        if index < bytes.count, at(index, ".") {
            index += 1
            var scale: Int64 = 100
            while index < bytes.count, bytes[index] &- 48 < 10 {
                milliseconds += Int64(bytes[index] &- 48) * scale
                scale /= 10
                index += 1
            }
        }
        guard isUTCSuffix(UnsafeRawBufferPointer(rebasing: bytes[index...])) else { return nil }
        let days = daysFromCivil(year: year, month: month, day: day)
        return ((days * 24 + hour) * 60 + minute) * 60_000 + second * 1_000 + milliseconds
    }

    /// The largest time whose seed id (`time_ms × 1000 + k`) fits in 64 bits.
    static let maxTimestampMs: Int64 = Int64.max / 1_000 - 1

    /// Empty, `Z`, `+00:00` or `+0000`: other offsets are refused rather than silently shifted.
    private static func isUTCSuffix(_ rest: UnsafeRawBufferPointer) -> Bool {
        rest.isEmpty || rest.elementsEqual("Z".utf8) || rest.elementsEqual("+00:00".utf8) || rest.elementsEqual("+0000".utf8)
    }

    /// Days since 1970-01-01 of a proleptic Gregorian date: Howard Hinnant's `days_from_civil`.
    private static func daysFromCivil(year: Int64, month: Int64, day: Int64) -> Int64 {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }
}
