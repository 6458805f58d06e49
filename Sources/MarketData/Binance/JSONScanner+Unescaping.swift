// SPDX-License-Identifier: Apache-2.0

/// Reading a string's content unescaped in one pass, for the payload of every line of a recording: checking the
/// string, copying it, and then unescaping the copy were three passes over a frame that has an escaped quote every
/// few bytes, and together cost a replay more than decoding the frame itself (measured with `perf`).
extension JSONScanner {
    /// Reads a string and replaces the contents of `output` with its content, unescaped, reusing `output`'s storage.
    ///
    /// One pass handles plain bytes and two-character escapes, which is all a recorder writes for a frame; at anything
    /// else (a `\u` escape, a control character, a string that does not end) it starts over with `string(_:)`, which
    /// checks the content and reports an error just as it does for any other string, and `JSONString.unescape`.
    mutating func string(_ expected: @autoclosure () -> String, unescapingInto output: inout [UInt8]) throws(BinanceDecodeError) {
        guard peek() == UInt8(ascii: "\"") else { throw unexpected(expected()) }
        let start = index + 1
        // The rest of the input is an upper bound on the content, and unescaping never lengthens it, so the copy is
        // unescaped in place.
        output.removeAll(keepingCapacity: true)
        output.append(contentsOf: slice(start..<bytes.count))
        if let (read, written) = output.withUnsafeMutableBufferPointer({ Self.unescapeTwoCharacterEscapes($0) }) {
            output.removeLast(output.count - written)
            index = start + read + 1
            return
        }
        let text = try string(expected())
        JSONString.unescape(slice(text.range), escaped: text.escaped, replacing: &output)
    }

    /// Unescapes `buffer` in place up to the first unescaped quote: how many bytes were read before that quote and
    /// how many written; nil at anything but plain bytes and two-character escapes before it.
    private static func unescapeTwoCharacterEscapes(_ buffer: UnsafeMutableBufferPointer<UInt8>) -> (read: Int, written: Int)? {
        var (read, written) = (0, 0)
        while read < buffer.count {
            let byte = buffer[read]
            if byte == UInt8(ascii: "\"") { return (read, written) }
            if byte == UInt8(ascii: "\\") {
                guard read + 1 < buffer.count, let unescaped = JSONString.twoCharacterEscape(buffer[read + 1]) else { return nil }
                buffer[written] = unescaped
                read += 2
            } else {
                guard byte >= 0x20 else { return nil }
                buffer[written] = byte
                read += 1
            }
            written += 1
        }
        return nil
    }
}
