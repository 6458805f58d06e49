// SPDX-License-Identifier: Apache-2.0
import Logging
import MarketData
import NIOCore
import WSClient

/// One WebSocket connection of the Binance feed: connects to a combined aggTrade stream, decodes every frame and
/// queues its trade, until the server closes, the socket fails, the watchdog finds it silent, or it is asked to close.
///
/// It sends one message itself, `openingRequest`, once open; the WebSocket handler answers the server's pings, and no
/// other control message is needed for a combined stream, so Binance's limit of 10 incoming messages a second is never
/// approached.
struct BinanceConnection<C: Clock<Duration>>: Sendable {
    /// How a connection ended.
    enum End: Sendable, Equatable {
        /// The server closed it (the close code when it sent one).
        case closed(code: String?)
        /// Connecting or the socket failed, in words.
        case failed(String)
        /// Open but no trade for `staleAfter`.
        case stale
        /// Asked to close (rotation) or cancelled.
        case requested
    }

    let name: String
    let symbols: [String]
    let settings: BinanceFeedSettings
    let clock: C
    let nowMs: @Sendable () -> Int64
    let statistics: FeedStatistics
    let recorder: FrameRecorder?
    let queue: DeliveryQueue
    let decodeFailures: DecodeFailureLog<C>
    let logger: Logger

    var url: String { settings.streamURL(for: symbols) }

    /// Sent once the connection is open, only so that a server which already hung up is found out at once.
    ///
    /// A close that arrives while the WebSocket upgrade completes is lost below us: swift-nio's
    /// `NIOTypedHTTPClientUpgradeHandler` (2.101) passes the end of input on while it still holds the early frames for
    /// the WebSocket handlers, and swift-websocket (1.6.2) lets the peer half-close, so the socket stays open with its
    /// input gone and the inbound stream waits for ever: until the watchdog, `staleAfter` later. Writing to it makes
    /// the closed peer answer with a reset, which ends the stream. The reply (`{"result":[…],"id":1}`) is counted as a
    /// message and otherwise ignored.
    static var openingRequest: String { #"{"method":"LIST_SUBSCRIPTIONS","id":1}"# }

    /// Runs the connection to its end; `onOpen` runs once the upgrade succeeded, `onFirstTrade` at its first trade.
    func run(
        control: ConnectionControl<C>, onOpen: @escaping @Sendable () -> Void, onFirstTrade: @escaping @Sendable () -> Void
    ) async -> End {
        await withTaskGroup(of: End.self) { group in
            group.addTask { await socket(control: control, onOpen: onOpen, onFirstTrade: onFirstTrade) }
            group.addTask { await watch(control) }
            group.addTask {
                await control.waitForCloseRequest()
                return .requested
            }
            let end = await group.next() ?? .requested
            group.cancelAll()
            return end
        }
    }

    private func socket(
        control: ConnectionControl<C>, onOpen: @escaping @Sendable () -> Void, onFirstTrade: @escaping @Sendable () -> Void
    ) async -> End {
        // Pongs are answered by the handler; our own pings are off: Binance pings us, and every message we send counts
        // against its per-connection limit.
        let configuration = WebSocketClientConfiguration(maxFrameSize: settings.maxFrameSize, closeTimeout: .seconds(2), autoPing: .disabled)
        let client = WebSocketClient(url: url, configuration: configuration, logger: logger) { inbound, outbound, _ in
            control.markOpened(at: clock.now)
            onOpen()
            try await outbound.write(.text(Self.openingRequest))
            try await read(inbound, control: control, onFirstTrade: onFirstTrade)
        }
        do {
            let close = try await client.run()
            return .closed(code: close.map { "\($0.closeCode)" })
        } catch {
            if Task.isCancelled { return .requested }
            return .failed(describe(error, opened: control.opened != nil))
        }
    }

    /// Reads data frames, joining fragmented messages, and processes each message.
    private func read(_ inbound: WebSocketInboundStream, control: ConnectionControl<C>, onFirstTrade: @Sendable () -> Void) async throws {
        var iterator = inbound.makeAsyncIterator()
        var fragments: ByteBuffer?
        while let frame = try await iterator.next() {
            // A handler that falls behind holds the socket back here rather than letting the queue grow.
            await queue.waitForRoom()
            switch (frame.opcode, frame.fin) {
            case (.text, true), (.binary, true):
                process(frame.data, control: control, onFirstTrade: onFirstTrade)
            case (.text, false), (.binary, false):
                fragments = frame.data
            case (.continuation, _):
                var joined = fragments ?? ByteBuffer()
                var data = frame.data
                joined.writeBuffer(&data)
                fragments = frame.fin ? nil : joined
                if frame.fin { process(joined, control: control, onFirstTrade: onFirstTrade) }
            }
        }
    }

    /// Decodes one message and queues its trade; a message that does not decode is counted, never fatal.
    func process(_ message: ByteBuffer, control: ConnectionControl<C>, onFirstTrade: () -> Void) {
        let receivedMs = nowMs()
        let decoded: Result<BinanceMessage, BinanceDecodeError> = message.withUnsafeReadableBytes { bytes in
            recorder?.record(frame: bytes, connection: name, receivedMs: receivedMs)
            return Result(catching: { () throws(BinanceDecodeError) -> BinanceMessage in try BinanceDecoder.decode(bytes) })
        }
        switch decoded {
        case .failure(let error):
            statistics.received(1, on: name, at: receivedMs)
            statistics.decodeFailed()
            decodeFailures.failed(error, connection: name, frame: message)
        case .success(.trade(let trade, let eventTimeMs)):
            let lag = Double(receivedMs - eventTimeMs) / 1_000
            statistics.received(1, on: name, at: receivedMs, lagsSeconds: CollectionOfOne(lag))
            if control.markTrade(at: clock.now) { onFirstTrade() }
            queue.offerStream([trade])
        case .success(.skippedTrade), .success(.reply):
            statistics.received(1, on: name, at: receivedMs)
        case .success(.error(let code, let text, let id)):
            statistics.received(1, on: name, at: receivedMs)
            let id = id.map(String.init) ?? "none"
            logger.warning("binance sent an error", metadata: ["connection": "\(name)", "code": "\(code)", "message": "\(text)", "id": "\(id)"])
        }
    }

    /// Closes the connection as stale when no trade came for `staleAfter`; also bounds a connect that hangs.
    private func watch(_ control: ConnectionControl<C>) async -> End {
        while true {
            let activity = control.lastActivity
            let deadline = activity.instant.advanced(by: settings.staleAfter)
            if clock.now >= deadline {
                return activity.opened ? .stale : .failed("connect to \(settings.websocketURL) did not finish within \(settings.staleAfter)")
            }
            do {
                try await clock.sleep(until: deadline, tolerance: nil)
            } catch {
                return .requested
            }
        }
    }

    /// What failed, in words, for the log and the landing page.
    private func describe(_ error: any Error, opened: Bool) -> String {
        if !opened, let error = error as? WebSocketClientError, error == .webSocketUpgradeFailed {
            return "\(settings.websocketURL) refused the WebSocket upgrade (an HTTP error such as 451 or 403)"
        }
        let words = ConnectionProblem.words(error)
        return opened ? "connection to \(settings.websocketURL) failed: \(words)" : "connect to \(settings.websocketURL) failed: \(words)"
    }
}
