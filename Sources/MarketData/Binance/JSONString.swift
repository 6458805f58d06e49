// SPDX-License-Identifier: Apache-2.0

/// Decodes the escapes of a JSON string's content (`\n`, `\"`, `\u00e9`, surrogate pairs), and escapes bytes
/// into one.
///
/// Only error messages, escaped symbols and recordings come here, never an ordinary trade frame. The content has
/// been checked by `JSONScanner.string`, so every backslash starts a complete escape; a lone surrogate becomes
/// U+FFFD rather than failing a message that is only read by people.
enum JSONString {
    static func decode(_ content: UnsafeRawBufferPointer) -> String {
        String(decoding: unescaped(content), as: UTF8.self)
    }

    /// The unescaped bytes of `content`, written straight into the array's storage: a recorded frame has an escaped
    /// quote every few bytes, and appending to an array byte by byte (or run by run) cost a replay more than decoding
    /// the frame itself did.
    static func unescaped(_ content: UnsafeRawBufferPointer) -> [UInt8] {
        // Unescaping never lengthens: every escape is at least as long as the UTF-8 it stands for.
        [UInt8](unsafeUninitializedCapacity: content.count) { buffer, count in count = unescape(content, into: buffer) }
    }

    /// Replaces the contents of `output` with `content`, unescaped when `escaped`, reusing its storage: the bytes are
    /// copied and then unescaped in place, which is safe because every byte is written at or before where it was read.
    static func unescape(_ content: UnsafeRawBufferPointer, escaped: Bool, replacing output: inout [UInt8]) {
        output.removeAll(keepingCapacity: true)
        output.append(contentsOf: content)
        guard escaped else { return }
        let count = output.withUnsafeMutableBufferPointer { buffer in unescape(UnsafeRawBufferPointer(buffer), into: buffer) }
        output.removeLast(output.count - count)
    }

    /// Writes the unescaped bytes of `content` to `output`, which holds at least `content.count`, and may be the same
    /// memory (the writing never overtakes the reading); returns how many.
    private static func unescape(_ content: UnsafeRawBufferPointer, into output: UnsafeMutableBufferPointer<UInt8>) -> Int {
        var index = 0
        var count = 0
        while index < content.count {
            let byte = content[index]
            if byte != UInt8(ascii: "\\") || index + 1 == content.count {
                output[count] = byte
                count += 1
                index += 1
            } else if content[index + 1] == UInt8(ascii: "u") {
                let (scalar, next) = unicodeEscape(content, at: index)
                for unit in scalar.utf8 {
                    output[count] = unit
                    count += 1
                }
                index = next
            } else {
                output[count] = twoCharacterEscape(content[index + 1]) ?? content[index + 1]
                count += 1
                index += 2
            }
        }
        return count
    }

    /// The byte the escape of a backslash and `kind` stands for (`\n`, `\"`, …); nil when that is not a two-character
    /// escape.
    static func twoCharacterEscape(_ kind: UInt8) -> UInt8? {
        switch kind {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): kind
        case UInt8(ascii: "b"): 0x08
        case UInt8(ascii: "f"): 0x0C
        case UInt8(ascii: "n"): 0x0A
        case UInt8(ascii: "r"): 0x0D
        case UInt8(ascii: "t"): 0x09
        default: nil
        }
    }

    /// The scalar of the `\uXXXX` escape at `index` (with its low surrogate, if one follows), and the index after
    /// what it read.
    private static func unicodeEscape(_ content: UnsafeRawBufferPointer, at index: Int) -> (scalar: Unicode.Scalar, next: Int) {
        guard let high = hex4(content, at: index + 2) else { return ("?", index + 2) }
        var value = UInt32(high)
        var next = index + 6
        if (0xD800..<0xDC00).contains(high), next + 1 < content.count, content[next] == UInt8(ascii: "\\"),
            content[next + 1] == UInt8(ascii: "u"), let low = hex4(content, at: next + 2), (0xDC00..<0xE000).contains(low)
        {
            value = 0x10000 + ((UInt32(high) - 0xD800) << 10) + (UInt32(low) - 0xDC00)
            next += 6
        }
        return (Unicode.Scalar(value) ?? "\u{FFFD}", next)
    }

    private static func hex4(_ content: UnsafeRawBufferPointer, at index: Int) -> UInt16? {
        guard index + 4 <= content.count else { return nil }
        var value: UInt16 = 0
        for position in index..<(index + 4) {
            guard let digit = hexValue(content[position]) else { return nil }
            value = value << 4 | UInt16(digit)
        }
        return value
    }

    /// Appends `bytes` as the content of a JSON string: quote, backslash and control characters escaped, other
    /// bytes (UTF-8 included) as they are.
    static func escape(_ bytes: UnsafeRawBufferPointer, to output: inout [UInt8]) {
        var runStart = 0
        for (index, byte) in bytes.enumerated() where byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") {
            output.append(contentsOf: UnsafeRawBufferPointer(rebasing: bytes[runStart..<index]))
            runStart = index + 1
            switch byte {
            case UInt8(ascii: "\""), UInt8(ascii: "\\"): output += [UInt8(ascii: "\\"), byte]
            case 0x0A: output += [UInt8(ascii: "\\"), UInt8(ascii: "n")]
            case 0x0D: output += [UInt8(ascii: "\\"), UInt8(ascii: "r")]
            case 0x09: output += [UInt8(ascii: "\\"), UInt8(ascii: "t")]
            default: output += Array("\\u00".utf8) + [hexDigit(byte >> 4), hexDigit(byte & 0x0F)]
            }
        }
        output.append(contentsOf: UnsafeRawBufferPointer(rebasing: bytes[runStart...]))
    }

    private static func hexDigit(_ value: UInt8) -> UInt8 {
        value < 10 ? UInt8(ascii: "0") + value : UInt8(ascii: "a") + value - 10
    }

    static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}
