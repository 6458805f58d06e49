// SPDX-License-Identifier: Apache-2.0
import Foundation
import Synchronization

#if canImport(Glibc)
import Glibc
#endif

/// `count` plain TCP clients of `GET /api/v1/stream` on 127.0.0.1, read by one thread of their own with poll(2): what
/// clients on other machines cost the server's (the kernel's copies to the sockets), without an HTTP client's
/// parsing in this process. Each reads every byte and notes the id of the latest complete event it got: the last
/// `id:` line before the last blank line of each read, found from the end (a stream's ids only grow).
final class LeanStreamClients: StreamReaders, @unchecked Sendable {  // `sockets` and `carry` belong to the reading thread
    private let latest: Mutex<[UInt64]>
    private let stopped = Atomic<Bool>(false)
    private let done = DispatchSemaphore(value: 0)
    private var sockets: [Int32] = []
    /// What each client read after its last blank line: the start of a frame still to come whole.
    private var carry: [[UInt8]] = []

    init(count: Int) {
        latest = Mutex(Array(repeating: 0, count: count))
    }

    /// Connects every client, sends its request, and starts the reading thread.
    func connect(port: Int, path: String) throws {
        let count = latest.withLock { $0.count }
        for _ in 0..<count { sockets.append(try Self.open(port: port, path: path)) }
        carry = Array(repeating: [], count: count)
        Thread { [self] in readAll() }.start()
    }

    var slowest: UInt64 { latest.withLock { $0.min() ?? 0 } }

    func shutdown() async {
        stopped.store(true, ordering: .relaxed)
        await withCheckedContinuation { continuation in
            DispatchQueue.global().async { [done] in
                done.wait()
                continuation.resume()
            }
        }
    }

    private func readAll() {
        var polls = sockets.map { pollfd(fd: $0, events: Int16(POLLIN), revents: 0) }
        var scratch = [UInt8](repeating: 0, count: 1 << 16)
        while !stopped.load(ordering: .relaxed) {
            guard poll(&polls, nfds_t(polls.count), 50) > 0 else { continue }
            for index in polls.indices where polls[index].revents != 0 {
                let read = scratch.withUnsafeMutableBytes { Glibc.read(polls[index].fd, $0.baseAddress, $0.count) }
                guard read > 0 else {
                    polls[index].fd = -1
                    continue
                }
                take(scratch[..<read], client: index)
            }
        }
        for socket in sockets { close(socket) }
        done.signal()
    }

    /// Notes the id of the last event that `bytes` complete, and keeps what follows it.
    private func take(_ bytes: ArraySlice<UInt8>, client: Int) {
        guard let end = EventIDScan.lastBlankLine(bytes, after: carry[client].last) else {
            carry[client] += bytes
            return
        }
        let id = EventIDScan.lastID(bytes[..<end], lineStart: carry[client].isEmpty || carry[client].last == 10)
            ?? EventIDScan.lastID((carry[client] + bytes[..<end])[...], lineStart: true)
        if let id { latest.withLock { $0[client] = id } }
        carry[client] = Array(bytes[end...])
    }

    private static func open(port: Int, path: String) throws -> Int32 {
        let socket = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard socket >= 0 else { throw BenchError(text: "socket: errno \(errno)") }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { Glibc.connect(socket, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        let request = Array("GET \(path) HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\n\r\n".utf8)
        guard connected == 0, send(socket, request, request.count, Int32(MSG_NOSIGNAL)) == request.count else {
            close(socket)
            throw BenchError(text: "connect to 127.0.0.1:\(port): errno \(errno)")
        }
        return socket
    }
}
