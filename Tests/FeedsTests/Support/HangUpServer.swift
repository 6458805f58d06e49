// SPDX-License-Identifier: Apache-2.0
import Foundation
import Synchronization
import TestSupport

#if canImport(Glibc)
    import Glibc
#endif

/// A WebSocket server on 127.0.0.1 that accepts every upgrade and hangs up in the same breath: it writes the `101`
/// response and closes the socket at once, so the client finds the response and the end of the stream together.
/// It counts the connections it served; it runs on its own thread, as plain blocking sockets, until `stop()`.
final class HangUpServer: Sendable {
    let port: Int
    private let socket: Int32
    private let served = Mutex(0)

    init() throws {
        (socket, port) = try LoopbackSocket.bind(listening: true)
        let thread = Thread { [self] in serve() }
        thread.start()
    }

    /// Connections answered with a `101` and closed.
    var connections: Int { served.withLock { $0 } }

    func stop() {
        shutdown(socket, Int32(SHUT_RDWR))
        close(socket)
    }

    private func serve() {
        while true {
            let client = Glibc.accept(socket, nil, nil)
            guard client >= 0 else { return }
            defer { close(client) }
            // Another test's client may reach this port (one it took as free a moment ago) and send something else or
            // nothing: it must not hold up the feed's connections behind it.
            var timeout = timeval(tv_sec: 1, tv_usec: 0)
            setsockopt(client, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
            guard let request = readRequest(client), let key = Self.header("sec-websocket-key", in: request) else { continue }
            let response = "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                + "Sec-WebSocket-Accept: \(Self.accept(key))\r\n\r\n"
            let sent = response.utf8CString.withUnsafeBufferPointer { send(client, $0.baseAddress, $0.count - 1, Int32(MSG_NOSIGNAL)) }
            if sent > 0 { served.withLock { $0 += 1 } }
        }
    }

    private func readRequest(_ client: Int32) -> String? {
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4_096)
        let end = Array("\r\n\r\n".utf8)
        while bytes.firstRange(of: end) == nil {
            let count = recv(client, &buffer, buffer.count, 0)
            guard count > 0 else { return nil }
            bytes += buffer[0..<count]
        }
        // The feed's upgrade has no body: bytes after the headers are another client's request.
        return bytes.suffix(4).elementsEqual(end) ? String(decoding: bytes, as: UTF8.self) : nil
    }

    private static func header(_ name: String, in request: String) -> String? {
        for line in request.split(separator: "\r\n") {
            let parts = line.split(separator: ":", maxSplits: 1)
            if parts.count == 2, parts[0].lowercased() == name { return parts[1].trimmingCharacters(in: .whitespaces) }
        }
        return nil
    }

    /// RFC 6455's accept value: base64 of the SHA-1 of the key and the protocol's GUID.
    static func accept(_ key: String) -> String {
        Data(SHA1.digest(Array((key + "258EAFA5-E914-47DA-95CA-C5AB0DC85B11").utf8))).base64EncodedString()
    }
}

/// SHA-1 (FIPS 180-4), only for the WebSocket handshake of the test server above.
enum SHA1 {
    static func digest(_ message: [UInt8]) -> [UInt8] {
        var h: [UInt32] = [0x6745_2301, 0xEFCD_AB89, 0x98BA_DCFE, 0x1032_5476, 0xC3D2_E1F0]
        var padded = message + [0x80]
        while padded.count % 64 != 56 { padded.append(0) }
        let bits = UInt64(message.count) * 8
        for shift in stride(from: 56, through: 0, by: -8) { padded.append(UInt8(truncatingIfNeeded: bits >> UInt64(shift))) }
        for chunk in stride(from: 0, to: padded.count, by: 64) {
            var w = (0..<16).map { i in padded[chunk + 4 * i..<chunk + 4 * i + 4].reduce(UInt32(0)) { $0 << 8 | UInt32($1) } }
            for i in 16..<80 {
                let x = w[i - 3] ^ w[i - 8] ^ w[i - 14] ^ w[i - 16]
                w.append(x << 1 | x >> 31)
            }
            var (a, b, c, d, e) = (h[0], h[1], h[2], h[3], h[4])
            for i in 0..<80 {
                let (f, k): (UInt32, UInt32) = switch i {
                case 0..<20: ((b & c) | (~b & d), 0x5A82_7999)
                case 20..<40: (b ^ c ^ d, 0x6ED9_EBA1)
                case 40..<60: ((b & c) | (b & d) | (c & d), 0x8F1B_BCDC)
                default: (b ^ c ^ d, 0xCA62_C1D6)
                }
                let temp = (a << 5 | a >> 27) &+ f &+ e &+ k &+ w[i]
                (e, d, c, b, a) = (d, c, b << 30 | b >> 2, a, temp)
            }
            h = [h[0] &+ a, h[1] &+ b, h[2] &+ c, h[3] &+ d, h[4] &+ e]
        }
        return h.flatMap { word in (0..<4).map { UInt8(truncatingIfNeeded: word >> UInt32(24 - 8 * $0)) } }
    }
}
