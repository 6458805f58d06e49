// SPDX-License-Identifier: Apache-2.0
import Synchronization

#if canImport(Glibc)
    import Glibc
#endif

/// A port of 127.0.0.1 that refuses connections, and that no other server can take while it is held: a socket bound
/// to it that does not listen.
///
/// For a receiver that is down and comes up later on the same port (`release()` right before it binds). A port that
/// was only free a moment ago (`freePort()`) may be taken meanwhile by another test's server binding port 0, which
/// then receives what was meant to be refused, and is held up by it.
public final class ReservedPort: Sendable {
    public let port: Int
    private let socket: Mutex<Int32?>

    public init() throws {
        let (socket, port) = try LoopbackSocket.bind(listening: false)
        self.socket = Mutex(socket)
        self.port = port
    }

    /// Frees the port for the server that is to listen on it.
    public func release() {
        if let socket = socket.withLock({ held in defer { held = nil }; return held }) { close(socket) }
    }

    deinit { release() }
}
