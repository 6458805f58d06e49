// SPDX-License-Identifier: Apache-2.0
import Foundation
import Synchronization
import TestSupport

/// A `$NOTIFY_SOCKET` that keeps reading: systemd drains the socket at once, and a daemon sending `WATCHDOG=1`
/// twice a second for a minute would otherwise fill the datagram queue while the test looks elsewhere.
final class NotifyRecorder: Sendable {
    private struct State {
        var messages: [String] = []
        var stopped = false
    }

    let path: String
    private let socket: DatagramSocket
    private let state = Mutex(State())

    init(path: String) throws {
        self.path = path
        socket = try DatagramSocket(path: path)
        Thread.detachNewThread { [self] in readUntilStopped() }
    }

    /// Every datagram received so far, in order.
    var messages: [String] { state.withLock { $0.messages } }

    /// Polls the messages until `done` accepts them; fails after `timeout` with what arrived.
    func waitUntil(timeout: Duration = .seconds(20), _ what: String, _ done: ([String]) -> Bool) async throws {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if done(messages) { return }
            try await Task.sleep(for: .milliseconds(50))
        }
        throw WaitError(description: "notify socket: \(what) not received within \(timeout); received \(messages)")
    }

    /// Ends the reading thread within a second (its receive times out each second to look at the flag).
    func stop() {
        state.withLock { $0.stopped = true }
    }

    private func readUntilStopped() {
        while !state.withLock({ $0.stopped }) {
            guard let datagram = try? socket.receive(waitingAtMost: 1) else { continue }
            let message = String(decoding: datagram, as: UTF8.self)
            state.withLock { $0.messages.append(message) }
        }
    }
}
