// SPDX-License-Identifier: Apache-2.0
import HummingbirdWebSocket
import MarketData
import NIOCore
import NIOWebSocket

/// Serves one stream connection: sends its trades (through the fault injector), answers its control messages,
/// pings it, and closes it with 1008 when the client sends too much.
struct StreamSession: Sendable {
    let connection: MockConnection
    let tape: TradeTape
    let faults: FaultBoard
    let pingInterval: Duration
    let seed: UInt64
    /// Closes every open connection without a close frame (the `close-all` fault).
    let closeAll: @Sendable () -> Void

    /// Runs until the client leaves, a fault or the rate limit ends the connection, the mock stops, or the task is
    /// cancelled.
    func run(inbound: WebSocketInboundStream, outbound: WebSocketOutboundWriter, trades: AsyncStream<StreamTrade>) async {
        // A write after the connection is gone throws; that is how the other tasks learn the session is over.
        try? await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await self.answer(inbound, outbound) }
            group.addTask { try await self.send(trades, outbound) }
            group.addTask { try await self.ping(outbound) }
            group.addTask { try await self.enforceMessageLimit(outbound) }
            group.addTask {
                for await _ in connection.stopRequests {}
                try Task.checkCancellation()
            }
            _ = try await group.next()
            group.cancelAll()
        }
    }

    private func answer(_ inbound: WebSocketInboundStream, _ outbound: WebSocketOutboundWriter) async throws {
        let control = ControlMessages(tape: tape, connection: connection.id)
        for try await message in inbound.messages(maxSize: 1 << 16) {
            connection.noteClientMessage()
            guard case .text(let text) = message else { continue }
            try await outbound.write(.text(control.reply(to: text)))
        }
    }

    private func ping(_ outbound: WebSocketOutboundWriter) async throws {
        while true {
            try await Task.sleep(for: pingInterval)
            let payload = ByteBuffer(string: String(nowMs()))
            // Counted first: the pong can come back before the write returns.
            connection.notePingSent()
            try await outbound.write(.custom(WebSocketFrame(fin: true, opcode: .ping, data: payload)))
        }
    }

    private func enforceMessageLimit(_ outbound: WebSocketOutboundWriter) async throws {
        for await _ in connection.violations {
            connection.markClosed("rate-limit")
            try await outbound.close(.policyViolation, reason: "Too many messages")
            return
        }
        // Cancelled without a violation: stay out of the race for the first finished task.
        try Task.checkCancellation()
    }

    private func send(_ trades: AsyncStream<StreamTrade>, _ outbound: WebSocketOutboundWriter) async throws {
        var writer = FaultyWriter(connection: connection, outbound: outbound, random: SplitMix64(seed: seed &+ UInt64(connection.id)))
        for await item in trades {
            if connection.isStalled {
                connection.noteTradeLost()
                continue
            }
            let earlier = writer.release(item.format.streamName)
            if let fault = faults.takeStreamFault(connection: connection.id) {
                guard try await writer.apply(fault, to: item, closeAll: closeAll) else { return }
            } else {
                try await writer.send(item)
            }
            if let earlier { try await writer.send(earlier) }
        }
        try Task.checkCancellation()
    }
}
