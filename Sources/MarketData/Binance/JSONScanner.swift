// SPDX-License-Identifier: Apache-2.0

/// A forward-only reader of JSON tokens straight from the bytes of one message.
///
/// It hands out byte ranges rather than values, so reading a frame allocates nothing unless a caller asks for a
/// String; every read checks its bounds, so any input returns or throws.
struct JSONScanner {
    let bytes: UnsafeRawBufferPointer
    var index = 0

    /// Deeper nesting is refused rather than recursed into: frames nest two levels, and the stack is finite.
    static let maxDepth = 64

    init(_ bytes: UnsafeRawBufferPointer) {
        self.bytes = bytes
    }

    /// Skips whitespace and returns the next byte without consuming it; nil at the end. Inlined: it runs before every
    /// token, and as a call it was the decoder's largest single cost (measured with `perf`).
    @inline(__always)
    mutating func peek() -> UInt8? {
        while index < bytes.count {
            let byte = bytes[index]
            guard byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09 else { return byte }
            index += 1
        }
        return nil
    }

    /// Consumes `byte` if it comes next (after whitespace).
    @inline(__always)
    mutating func consume(_ byte: UInt8) -> Bool {
        guard peek() == byte else { return false }
        index += 1
        return true
    }

    mutating func expect(_ byte: UInt8, _ expected: @autoclosure () -> String) throws(BinanceDecodeError) {
        guard consume(byte) else { throw unexpected(expected()) }
    }

    /// Only whitespace may follow the message.
    mutating func expectEnd() throws(BinanceDecodeError) {
        guard peek() == nil else { throw unexpected("the end of the frame") }
    }

    /// An error at the current position: what was expected and the byte found there.
    func unexpected(_ expected: String) -> BinanceDecodeError {
        BinanceDecodeError(offset: index, message: "expected \(expected), found \(Self.describe(bytes, at: index))")
    }

    /// An error about the value in `range`, quoting (up to 40 bytes of) it.
    func invalid(_ range: Range<Int>, _ expected: String) -> BinanceDecodeError {
        let shown = range.count > 40 ? range.lowerBound..<(range.lowerBound + 40) : range
        let text = String(decoding: UnsafeRawBufferPointer(rebasing: bytes[shown]), as: UTF8.self)
        return BinanceDecodeError(offset: range.lowerBound, message: "expected \(expected), found \"\(text)\(shown == range ? "" : "…")\"")
    }

    static func describe(_ bytes: UnsafeRawBufferPointer, at offset: Int) -> String {
        guard offset < bytes.count else { return "the end of the frame" }
        let byte = bytes[offset]
        guard byte >= 0x20, byte < 0x7F else { return "byte 0x" + (byte < 16 ? "0" : "") + String(byte, radix: 16) }
        return "'\(Character(Unicode.Scalar(byte)))'"
    }

    func slice(_ range: Range<Int>) -> UnsafeRawBufferPointer {
        UnsafeRawBufferPointer(rebasing: bytes[range])
    }

    /// A string's content between its quotes (escapes left as they are) and whether it holds any escape.
    mutating func string(_ expected: @autoclosure () -> String) throws(BinanceDecodeError) -> (range: Range<Int>, escaped: Bool) {
        guard peek() == UInt8(ascii: "\"") else { throw unexpected(expected()) }
        let start = index + 1
        var position = start
        var escaped = false
        while position < bytes.count {
            let byte = bytes[position]
            if byte == UInt8(ascii: "\"") {
                index = position + 1
                return (start..<position, escaped)
            } else if byte == UInt8(ascii: "\\") {
                escaped = true
                position = try escapeEnd(position)
            } else if byte < 0x20 {
                index = position
                throw unexpected("a character of a string (control characters must be escaped)")
            } else {
                position += 1
            }
        }
        index = bytes.count
        throw unexpected("'\"' closing the string")
    }

    /// Where the escape starting with the backslash at `backslash` ends.
    private mutating func escapeEnd(_ backslash: Int) throws(BinanceDecodeError) -> Int {
        let next = backslash + 1
        guard next < bytes.count else {
            index = next
            throw unexpected("an escape")
        }
        if JSONString.twoCharacterEscape(bytes[next]) != nil { return next + 1 }
        switch bytes[next] {
        case UInt8(ascii: "u"):
            for offset in 1...4 where next + offset >= bytes.count || JSONString.hexValue(bytes[next + offset]) == nil {
                index = next + offset
                throw unexpected("a hexadecimal digit of a \\u escape")
            }
            return next + 5
        default:
            index = next
            throw unexpected("an escape such as \\n or \\u0041")
        }
    }

    /// A number's bytes, checked against JSON's grammar.
    mutating func number(_ expected: @autoclosure () -> String) throws(BinanceDecodeError) -> Range<Int> {
        _ = peek()
        let start = index
        if index < bytes.count, bytes[index] == UInt8(ascii: "-") { index += 1 }
        guard isDigit(at: index) else {
            index = start
            throw unexpected(expected())
        }
        if bytes[index] == UInt8(ascii: "0") { index += 1 } else { skipDigits() }
        if index < bytes.count, bytes[index] == UInt8(ascii: ".") {
            index += 1
            guard isDigit(at: index) else { throw unexpected("a digit after '.'") }
            skipDigits()
        }
        if index < bytes.count, bytes[index] | 0x20 == UInt8(ascii: "e") {
            index += 1
            if index < bytes.count, bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-") { index += 1 }
            guard isDigit(at: index) else { throw unexpected("a digit of the exponent") }
            skipDigits()
        }
        return start..<index
    }

    private func isDigit(at position: Int) -> Bool {
        position < bytes.count && bytes[position] &- 48 < 10
    }

    private mutating func skipDigits() {
        while isDigit(at: index) { index += 1 }
    }

    /// Consumes `word` (`true`, `false`, `null`) if it comes next.
    mutating func literal(_ word: StaticString) -> Bool {
        guard peek() != nil, bytes.count - index >= word.utf8CodeUnitCount else { return false }
        guard BinanceFields.matches(slice(index..<(index + word.utf8CodeUnitCount)), word) else { return false }
        index += word.utf8CodeUnitCount
        return true
    }
}
