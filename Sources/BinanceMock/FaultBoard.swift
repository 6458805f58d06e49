// SPDX-License-Identifier: Apache-2.0
import Synchronization

/// The faults waiting for their event, and how many of each kind have been applied.
final class FaultBoard: Sendable {
    private struct Pending {
        var fault: MockFault
        var connection: Int?
    }

    private struct State {
        var pending: [Pending] = []
        var applied: [MockFault.Kind: Int] = [:]
    }

    private let state = Mutex(State())

    /// Queues `fault`; a stream fault with `connection` waits for that connection's next trade frame.
    func inject(_ fault: MockFault, connection: Int?) {
        state.withLock { $0.pending.append(Pending(fault: fault, connection: connection)) }
    }

    /// The oldest stream fault for `connection`, counted as applied.
    func takeStreamFault(connection: Int) -> MockFault? {
        take { !$0.fault.isREST && ($0.connection == nil || $0.connection == connection) }
    }

    /// The oldest REST fault, counted as applied.
    func takeRESTFault() -> MockFault? {
        take { $0.fault.isREST }
    }

    var pendingCount: Int { state.withLock { $0.pending.count } }

    /// How many REST faults (or stream faults) wait for their event.
    func pendingCount(rest: Bool) -> Int {
        state.withLock { $0.pending.filter { $0.fault.isREST == rest }.count }
    }
    var applied: [MockFault.Kind: Int] { state.withLock { $0.applied } }

    private func take(where matches: (Pending) -> Bool) -> MockFault? {
        state.withLock { state in
            guard let index = state.pending.firstIndex(where: matches) else { return nil }
            let fault = state.pending.remove(at: index).fault
            state.applied[fault.kind, default: 0] += 1
            return fault
        }
    }
}
