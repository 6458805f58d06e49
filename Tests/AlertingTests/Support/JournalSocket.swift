// SPDX-License-Identifier: Apache-2.0
import Foundation
import TestSupport

#if canImport(Glibc)
    import Glibc
#endif

/// A datagram socket listening at a path, standing in for journald's `/run/systemd/journal/socket`, and a reader
/// of the journal's native protocol (`KEY=value\n`, or `KEY\n` + 64-bit little-endian length + value + `\n` for a
/// value with a newline in it).
final class JournalSocket: Sendable {
    private let descriptor: Int32

    init(path: String) throws {
        descriptor = socket(AF_UNIX, Int32(SOCK_DGRAM.rawValue), 0)
        guard descriptor >= 0 else { throw TimeoutError("socket: errno \(errno)") }
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        let bytes = Array(path.utf8)
        guard bytes.count < MemoryLayout.size(ofValue: address.sun_path) else { throw TimeoutError("socket path too long: \(path)") }
        withUnsafeMutableBytes(of: &address.sun_path) { $0.copyBytes(from: bytes + [0]) }
        let bound = withUnsafePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(descriptor, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
        }
        guard bound == 0 else {
            close(descriptor)
            throw TimeoutError("bind \(path): errno \(errno)")
        }
    }

    deinit { close(descriptor) }

    /// The next datagram, waiting at most `seconds`.
    func receive(waitingAtMost seconds: Int) throws -> [UInt8] {
        var limit = timeval(tv_sec: seconds, tv_usec: 0)
        setsockopt(descriptor, SOL_SOCKET, SO_RCVTIMEO, &limit, socklen_t(MemoryLayout<timeval>.size))
        var buffer = [UInt8](repeating: 0, count: 1 << 16)
        let count = recv(descriptor, &buffer, buffer.count, 0)
        guard count >= 0 else { throw TimeoutError("no journal datagram within \(seconds)s (errno \(errno))") }
        return Array(buffer.prefix(count))
    }

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
