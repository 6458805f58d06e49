// SPDX-License-Identifier: Apache-2.0
import Hummingbird
import HummingbirdWebSocket
import Logging
import NIOCore

/// The HTTP side of `MockExchange`: one Hummingbird application serving REST, the `/mock` control API and the
/// WebSocket upgrade on one port.
extension MockExchange {
    typealias StreamHandler = WebSocketDataHandler<HTTP1WebSocketUpgradeChannel.Context>

    func makeApplication() -> some ApplicationProtocol {
        let router = Router(context: BasicRequestContext.self)
        RESTRoutes(tape: tape, faults: faults, usage: usage, restHistory: configuration.restHistory).add(to: router)
        ControlRoutes(exchange: self).add(to: router)
        // Pings are the session's own, so it can count them; a short close timeout keeps test teardown quick.
        let webSocket = WebSocketServerConfiguration(maxFrameSize: 1 << 16, autoPing: .disabled, closeTimeout: .seconds(1))
        let shouldUpgrade: @Sendable (HTTPRequest, any Channel, Logger) throws -> ShouldUpgradeResult<StreamHandler> = { request, channel, _ in
            self.upgrade(request, channel: channel)
        }
        return Application(
            router: router,
            server: .http1WebSocketUpgrade(configuration: .init(ws: webSocket), shouldUpgrade: shouldUpgrade),
            configuration: ApplicationConfiguration(address: .hostname(configuration.host, port: configuration.port), serverName: "binance-mock"),
            onServerRunning: { channel in self.port.set(channel.localAddress?.port ?? 0) },
            logger: logger
        )
    }

    private func upgrade(_ request: HTTPRequest, channel: any Channel) -> ShouldUpgradeResult<StreamHandler> {
        let target = request.path ?? "/"
        guard let route = StreamRoute(target: target) else { return .dontUpgrade }
        return .upgrade([:]) { inbound, outbound, _ in
            await self.serve(route, target: target, channel: channel, inbound: inbound, outbound: outbound)
        }
    }

    private func serve(
        _ route: StreamRoute, target: String, channel: any Channel, inbound: WebSocketInboundStream, outbound: WebSocketOutboundWriter
    ) async {
        let connection = connections.open(
            path: target, combined: route.combined, channel: channel, messageLimit: configuration.maxClientMessagesPerSecond
        )
        do {
            try await ControlFrameObserver.install(on: connection)
        } catch {
            logger.warning("cannot count control frames", metadata: ["connection": "\(connection.id)", "error": "\(error)"])
        }
        let (trades, sink) = AsyncStream.makeStream(of: StreamTrade.self)
        tape.register(connection: connection.id, silent: !route.carriesTrades, sink: sink)
        tape.subscribe(connection: connection.id, streams: route.streams.map { tape.servedStream($0) ?? $0 })
        connections.ready.increment()
        logger.debug("stream connection opened", metadata: ["connection": "\(connection.id)", "path": "\(target)"])
        let session = StreamSession(
            connection: connection, tape: tape, faults: faults, pingInterval: configuration.pingInterval,
            seed: configuration.seed, closeAll: { self.connections.closeAllAbruptly() }
        )
        await session.run(inbound: inbound, outbound: outbound, trades: trades)
        connection.keepStreams(tape.subscriptions(connection: connection.id))
        tape.remove(connection: connection.id)
        connection.markClosed(Task.isCancelled ? "server" : "client")
    }
}
