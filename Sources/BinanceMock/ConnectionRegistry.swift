// SPDX-License-Identifier: Apache-2.0
import NIOCore
import Synchronization

/// Every stream connection the mock has served, open or closed, in the order they opened.
final class ConnectionRegistry: Sendable {
    private struct State {
        var connections: [MockConnection] = []
        var nextID = 1
    }

    private let state = Mutex(State())
    /// How many connections have been opened and subscribed to their URL's streams.
    let ready = Level()

    func open(path: String, combined: Bool, channel: any Channel, messageLimit: Int) -> MockConnection {
        state.withLock { state in
            let connection = MockConnection(id: state.nextID, path: path, combined: combined, channel: channel, messageLimit: messageLimit)
            state.nextID += 1
            state.connections.append(connection)
            return connection
        }
    }

    var all: [MockConnection] { state.withLock { $0.connections } }

    /// Ends every open connection's session, which closes it with a normal close frame, and waits until they are closed
    /// (at most `limit`, for a client that does not answer the close).
    func closeAllNormally(within limit: Duration) async {
        let deadline = ContinuousClock.now + limit
        while ContinuousClock.now < deadline {
            // Again each round: a client may still connect meanwhile.
            let open = all.filter(\.isOpen)
            guard !open.isEmpty else { return }
            for connection in open { connection.requestStop() }
            try? await Task.sleep(for: .milliseconds(10))
        }
    }

    /// Closes every open connection without a close frame.
    func closeAllAbruptly() {
        for connection in all where connection.isOpen {
            connection.markClosed("abrupt")
            connection.channel.close(promise: nil)
        }
    }
}
