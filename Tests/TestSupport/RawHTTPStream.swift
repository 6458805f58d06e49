// SPDX-License-Identifier: Apache-2.0
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A plain TCP connection to a server on 127.0.0.1 that sends one HTTP/1.1 request and reads the response as it
/// arrives, for streaming responses (server-sent events) that an HTTP client would wait to finish; the test decides
/// when to read, or not to read at all (a slow client).
public final class RawHTTPStream: @unchecked Sendable {
    public struct Failure: Error, CustomStringConvertible {
        public let description: String
    }

    private let socket: Int32
    /// Everything received so far, headers included.
    public private(set) var received = ""
    public private(set) var closedByPeer = false

    /// Connects and sends `GET path` with `headers`.
    public init(port: Int, path: String, headers: [String: String] = [:]) throws {
        do { socket = try LoopbackSocket.connect(port: port) } catch { throw Failure(description: error.description) }
        var request = "GET \(path) HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\n"
        for (name, value) in headers { request += "\(name): \(value)\r\n" }
        request += "\r\n"
        let bytes = Array(request.utf8)
        guard send(socket, bytes, bytes.count, Int32(MSG_NOSIGNAL)) == bytes.count else {
            close(socket)
            throw Failure(description: "send: errno \(errno)")
        }
    }

    /// Reads until `done` accepts what was received, the peer closes, or `timeout` passes (then throws).
    @discardableResult
    public func read(timeout: Duration = .seconds(30), until done: (String) -> Bool) async throws -> String {
        let deadline = ContinuousClock.now + timeout
        while !done(received) {
            if closedByPeer { throw Failure(description: "connection closed; received:\n\(received)") }
            if ContinuousClock.now >= deadline { throw Failure(description: "nothing matched within \(timeout); received:\n\(received)") }
            try Task.checkCancellation()
            readAvailable(waitingMs: 20)
            await Task.yield()
        }
        return received
    }

    /// Reads until the peer closes the connection, or throws after `timeout`.
    public func readToEnd(timeout: Duration = .seconds(30)) async throws {
        let deadline = ContinuousClock.now + timeout
        while !closedByPeer {
            if ContinuousClock.now >= deadline { throw Failure(description: "still open after \(timeout)") }
            readAvailable(waitingMs: 20)
            await Task.yield()
        }
    }

    private func readAvailable(waitingMs: Int32) {
        var descriptor = pollfd(fd: socket, events: Int16(POLLIN), revents: 0)
        guard poll(&descriptor, 1, waitingMs) > 0 else { return }
        var buffer = [UInt8](repeating: 0, count: 65_536)
        let count = recv(socket, &buffer, buffer.count, 0)
        if count <= 0 {
            closedByPeer = true
            return
        }
        received += String(decoding: buffer[0..<count], as: UTF8.self)
    }

    /// Closes the connection from this side.
    public func disconnect() {
        shutdown(socket, Int32(SHUT_RDWR))
    }

    deinit {
        close(socket)
    }
}

/// One server-sent event as a client sees it.
public struct ServerSentEvent: Sendable, Equatable {
    public var id: String?
    public var event: String?
    public var data: String

    public init(id: String?, event: String?, data: String) {
        self.id = id
        self.event = event
        self.data = data
    }

    /// The events in a raw response (status line, headers and chunk sizes are skipped: they are no field lines).
    /// Server frames never span chunks, so a chunk-size line only ever appears between events.
    public static func parse(_ raw: String) -> [ServerSentEvent] {
        var events: [ServerSentEvent] = []
        var current = ServerSentEvent(id: nil, event: nil, data: "")
        var hasData = false
        // By bytes: a String splits characters, and "\r\n" (ending a chunk-size line) is one character.
        for bytes in raw.utf8.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false) {
            let line = String(decoding: bytes.last == UInt8(ascii: "\r") ? bytes.dropLast() : bytes, as: UTF8.self)
            if line.isEmpty {
                if hasData { events.append(current) }
                current = ServerSentEvent(id: nil, event: nil, data: "")
                hasData = false
            } else if line.hasPrefix("id: ") {
                current.id = String(line.dropFirst(4))
            } else if line.hasPrefix("event: ") {
                current.event = String(line.dropFirst(7))
            } else if line.hasPrefix("data: ") {
                current.data = String(line.dropFirst(6))
                hasData = true
            }
        }
        return events
    }
}
