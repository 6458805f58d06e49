// SPDX-License-Identifier: Apache-2.0

/// Finds, from the end of what a stream client read, the last complete event and its id: a client only needs the
/// latest (a stream's ids only grow), so each read costs it about one frame's bytes, not the whole read's.
enum EventIDScan {
    /// The index just past the last "\n\n" of `bytes`; `before` is the byte read before them, which may be its first.
    static func lastBlankLine(_ bytes: ArraySlice<UInt8>, after before: UInt8? = nil) -> Int? {
        var index = bytes.endIndex - 1
        while index > bytes.startIndex {
            if bytes[index] == 10, bytes[index - 1] == 10 { return index + 1 }
            index -= 1
        }
        return bytes.first == 10 && before == 10 ? bytes.startIndex + 1 : nil
    }

    /// The number on the last `id: ` line of `bytes`; `lineStart` says whether they begin a line.
    static func lastID(_ bytes: ArraySlice<UInt8>, lineStart: Bool = true) -> UInt64? {
        let prefix: [UInt8] = Array("id: ".utf8)
        var index = bytes.endIndex - prefix.count
        while index >= bytes.startIndex {
            if bytes[index] == prefix[0], bytes[index..<(index + prefix.count)].elementsEqual(prefix),
                index == bytes.startIndex ? lineStart : bytes[index - 1] == 10
            {
                var value: UInt64 = 0
                for byte in bytes[(index + prefix.count)...] {
                    guard byte >= 48, byte <= 57 else { break }
                    value = value * 10 + UInt64(byte - 48)
                }
                return value
            }
            index -= 1
        }
        return nil
    }
}
