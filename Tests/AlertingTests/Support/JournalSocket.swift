// SPDX-License-Identifier: Apache-2.0
import Foundation
import TestSupport

/// A reader of the journal's native protocol, for datagrams received on a ``DatagramSocket`` standing in for
/// journald's `/run/systemd/journal/socket` (`KEY=value\n`, or `KEY\n` + 64-bit little-endian length + value + `\n` for a
/// value with a newline in it).
enum JournalSocket {
    /// The fields of one native-protocol entry, in order; nil if the datagram is not one.
    static func fields(_ datagram: [UInt8]) -> [(String, String)]? {
        var fields: [(String, String)] = []
        var index = 0
        while index < datagram.count {
            guard let end = datagram[index...].firstIndex(of: UInt8(ascii: "\n")) else { return nil }
            let line = datagram[index..<end]
            if let equals = line.firstIndex(of: UInt8(ascii: "=")) {
                fields.append((String(decoding: line[..<equals], as: UTF8.self), String(decoding: line[(equals + 1)...], as: UTF8.self)))
                index = end + 1
                continue
            }
            guard end + 9 <= datagram.count else { return nil }
            let length = datagram[(end + 1)..<(end + 9)].reversed().reduce(0) { $0 << 8 | Int($1) }
            let valueEnd = end + 9 + length
            guard valueEnd < datagram.count, datagram[valueEnd] == UInt8(ascii: "\n") else { return nil }
            fields.append((String(decoding: line, as: UTF8.self), String(decoding: datagram[(end + 9)..<valueEnd], as: UTF8.self)))
            index = valueEnd + 1
        }
        return fields
    }
}
