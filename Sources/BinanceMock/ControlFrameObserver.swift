// SPDX-License-Identifier: Apache-2.0
import NIOCore
import NIOWebSocket

/// Sits right after the WebSocket frame decoder and counts the client's pings and pongs, which the WebSocket
/// handler answers and swallows before the mock's session could see them.
///
/// Data frames are counted by the session as it reads them, so none is counted twice.
final class ControlFrameObserver: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = WebSocketFrame
    typealias InboundOut = WebSocketFrame

    private let connection: MockConnection

    init(connection: MockConnection) {
        self.connection = connection
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data).opcode {
        case .ping:
            connection.noteClientMessage()
        case .pong:
            connection.notePong()
            connection.noteClientMessage()
        default:
            break
        }
        context.fireChannelRead(data)
    }

    /// Installs an observer after the frame decoder of `connection`'s upgraded channel.
    static func install(on connection: MockConnection) async throws {
        let channel = connection.channel
        try await channel.eventLoop.submit {
            let operations = channel.pipeline.syncOperations
            let decoder = try operations.handler(type: ByteToMessageHandler<WebSocketFrameDecoder>.self)
            try operations.addHandler(ControlFrameObserver(connection: connection), position: .after(decoder))
        }.get()
    }
}
