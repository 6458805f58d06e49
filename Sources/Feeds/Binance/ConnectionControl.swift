// SPDX-License-Identifier: Apache-2.0
import Synchronization

/// What the rest of the feed knows about one live connection, and its way to ask that connection to close.
///
/// The watchdog reads the instant of the latest trade (or of the attempt's start, before any); the rotation asks the
/// old connection to close once the new one delivered its first trade.
final class ConnectionControl<C: Clock<Duration>>: Sendable {
    private struct State {
        var started: C.Instant
        var opened: C.Instant?
        var lastTrade: C.Instant?
        var closeRequested = false
        var waiter: CheckedContinuation<Void, Never>?
    }

    private let state: Mutex<State>

    init(started: C.Instant) {
        state = Mutex(State(started: started))
    }

    /// When the WebSocket upgrade succeeded; nil while connecting (or when it never did).
    var opened: C.Instant? { state.withLock { $0.opened } }

    /// The instant the watchdog counts silence from (the latest trade, else the opening, else the attempt's start),
    /// and whether the connection had opened by then: read together, so that a connection opening between two reads
    /// is not judged by the attempt's start.
    var lastActivity: (instant: C.Instant, opened: Bool) {
        state.withLock { ($0.lastTrade ?? $0.opened ?? $0.started, $0.opened != nil) }
    }

    func markOpened(at instant: C.Instant) {
        state.withLock { $0.opened = instant }
    }

    /// Records a trade; true for the connection's first one.
    func markTrade(at instant: C.Instant) -> Bool {
        state.withLock { state in
            defer { state.lastTrade = instant }
            return state.lastTrade == nil
        }
    }

    func requestClose() {
        let waiter = state.withLock { state -> CheckedContinuation<Void, Never>? in
            state.closeRequested = true
            defer { state.waiter = nil }
            return state.waiter
        }
        waiter?.resume()
    }

    /// Returns once `requestClose()` was called or the task is cancelled.
    func waitForCloseRequest() async {
        await withTaskCancellationHandler {
            await withCheckedContinuation { continuation in
                let now = state.withLock { state -> Bool in
                    if state.closeRequested || Task.isCancelled { return true }
                    state.waiter = continuation
                    return false
                }
                if now { continuation.resume() }
            }
        } onCancel: {
            let waiter = state.withLock { state -> CheckedContinuation<Void, Never>? in
                defer { state.waiter = nil }
                return state.waiter
            }
            waiter?.resume()
        }
    }
}
