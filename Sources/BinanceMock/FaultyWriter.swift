// SPDX-License-Identifier: Apache-2.0
import HummingbirdWebSocket
import MarketData
import NIOCore
import NIOWebSocket

/// Writes a connection's trade frames and commits the stream faults on them.
struct FaultyWriter {
    let connection: MockConnection
    let outbound: WebSocketOutboundWriter
    var random: SplitMix64
    /// Trades held back by `reorderFrames`, by stream, until the stream's next trade has gone out.
    private var held: [String: StreamTrade] = [:]

    init(connection: MockConnection, outbound: WebSocketOutboundWriter, random: SplitMix64) {
        self.connection = connection
        self.outbound = outbound
        self.random = random
    }

    func frame(_ item: StreamTrade) -> String {
        connection.combined ? item.format.combinedEvent(item.trade) : item.format.event(item.trade)
    }

    func send(_ item: StreamTrade) async throws {
        try await outbound.write(.text(frame(item)))
        connection.noteTradeSent()
    }

    /// The trade held back on `stream`, to send after the trade at hand.
    mutating func release(_ stream: String) -> StreamTrade? {
        held.removeValue(forKey: stream)
    }

    /// Commits `fault` on `item`; `false` when the connection is over.
    mutating func apply(_ fault: MockFault, to item: StreamTrade, closeAll: @Sendable () -> Void) async throws -> Bool {
        switch fault {
        case .closeAbruptly(allConnections: true):
            closeAll()
            return false
        case .closeAbruptly(allConnections: false):
            connection.markClosed("abrupt")
            connection.channel.close(promise: nil)
            return false
        case .closePolicyViolation:
            connection.markClosed("1008")
            try await outbound.close(.policyViolation, reason: "Policy violation")
            return false
        case .stall(let duration):
            connection.stall(for: duration)
            connection.noteTradeLost()
        case .garbageFrame:
            try await outbound.write(.custom(WebSocketFrame(fin: true, opcode: .text, data: garbage())))
            try await send(item)
        case .truncatedFrame:
            let text = frame(item)
            try await outbound.write(.text(String(text.prefix(text.count / 2))))
            connection.noteTradeLost()
        case .duplicateFrame:
            try await send(item)
            try await send(item)
        case .reorderFrames:
            held[item.format.streamName] = item
        case .restTooManyRequests, .restBanned, .restServerError, .restSlow:
            try await send(item)
        }
        return true
    }

    /// 16 to 64 random bytes led by 0xFF, so the text is neither UTF-8 nor JSON.
    private mutating func garbage() -> ByteBuffer {
        var buffer = ByteBuffer(bytes: [0xFF])
        for _ in 0..<(15 + random.next() % 49) {
            buffer.writeInteger(UInt8(truncatingIfNeeded: random.next()))
        }
        return buffer
    }
}
