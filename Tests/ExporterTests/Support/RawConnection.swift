// SPDX-License-Identifier: Apache-2.0
import Foundation
import TestSupport

#if canImport(Glibc)
import Glibc
#endif

/// A bare TCP connection to 127.0.0.1, for clients that misbehave on purpose (slow headers, trickling bodies).
final class RawConnection: @unchecked Sendable {
    private let socketFD: Int32
    /// When the connection was made: the server's timers start then or later, never before.
    let connectedAt = ContinuousClock.now

    init(port: Int) throws {
        do { socketFD = try LoopbackSocket.connect(port: port) } catch { throw RawConnectionError(description: error.description) }
    }

    func send(_ text: String) throws {
        let bytes = Array(text.utf8)
        let sent = bytes.withUnsafeBytes { Glibc.send(socketFD, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
        guard sent == bytes.count else { throw RawConnectionError(description: "send failed: errno \(errno)") }
    }

    /// Reads until the server closes the connection or `limit` passes; returns what arrived and how long after
    /// connecting it closed (nil when still open at the limit).
    func readUntilClosed(limit: Duration) async -> (received: String, closedAfter: Duration?) {
        await withCheckedContinuation { continuation in
            // A thread of its own: a global dispatch queue shares the tests' task pool (a thread per core), and several
            // of these reads waiting out a server's timeout at once stalled every other test.
            Thread.detachNewThread {
                let start = self.connectedAt
                var received: [UInt8] = []
                var buffer = [UInt8](repeating: 0, count: 4096)
                var timeout = timeval(tv_sec: 0, tv_usec: 100_000)
                setsockopt(self.socketFD, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
                while ContinuousClock.now - start < limit {
                    let count = recv(self.socketFD, &buffer, buffer.count, 0)
                    if count > 0 {
                        received += buffer[0..<count]
                    } else if count == 0 || (errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR) {
                        continuation.resume(returning: (String(decoding: received, as: UTF8.self), ContinuousClock.now - start))
                        return
                    }
                }
                continuation.resume(returning: (String(decoding: received, as: UTF8.self), nil))
            }
        }
    }

    deinit {
        close(socketFD)
    }
}

struct RawConnectionError: Error, CustomStringConvertible {
    let description: String
}
