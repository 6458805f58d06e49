// SPDX-License-Identifier: Apache-2.0
import HummingbirdCore
import Logging
import NIOCore
import NIOHTTPTypes

/// Closes a connection whose client sends a request too slowly, so slow clients (slowloris) cannot hold
/// connections open: once a request's first bytes arrive, its headers must follow within `headerTimeout`, and its
/// body within `readTimeout` of the headers.
///
/// Only reading is timed. Once a request is read, its response may take as long as it takes, so a live stream is
/// never cut. A connection on which no request has begun, new or kept alive, is left to Hummingbird's idle timeout.
final class RequestReadTimeoutHandler: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPRequestPart
    typealias InboundOut = HTTPRequestPart
    typealias OutboundIn = HTTPResponsePart
    typealias OutboundOut = HTTPResponsePart

    private enum State {
        case awaitingRequest
        case readingHead
        case readingBody
        case responding
    }

    private let headerTimeout: TimeAmount
    private let readTimeout: TimeAmount
    private var state = State.awaitingRequest
    private var timer: Scheduled<Void>?

    init(headerTimeout: TimeAmount, readTimeout: TimeAmount) {
        self.headerTimeout = headerTimeout
        self.readTimeout = readTimeout
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if event is RequestBytesArrived {
            if case .awaitingRequest = state {
                state = .readingHead
                schedule(context, after: headerTimeout)
            }
            return
        }
        context.fireUserInboundEventTriggered(event)
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head:
            state = .readingBody
            schedule(context, after: readTimeout)
        case .body: break
        case .end:
            state = .responding
            cancel()
        }
        context.fireChannelRead(data)
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        if case .end = unwrapOutboundIn(data), case .responding = state { state = .awaitingRequest }
        context.write(data, promise: promise)
    }

    func channelInactive(context: ChannelHandlerContext) {
        cancel()
        context.fireChannelInactive()
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        cancel()
    }

    private func schedule(_ context: ChannelHandlerContext, after amount: TimeAmount) {
        cancel()
        let bound = NIOLoopBound(context, eventLoop: context.eventLoop)
        timer = context.eventLoop.scheduleTask(in: amount) { bound.value.close(promise: nil) }
    }

    private func cancel() {
        timer?.cancel()
        timer = nil
    }
}

/// Sent down the pipeline ahead of the bytes of each read, so `RequestReadTimeoutHandler`, which sees only decoded
/// requests, knows when a request has begun arriving.
struct RequestBytesArrived: Sendable {}

/// Announces each read's bytes (decrypted, behind TLS) with `RequestBytesArrived` before passing them on.
final class RequestBytesAnnouncer: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = ByteBuffer
    typealias InboundOut = ByteBuffer

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        context.fireUserInboundEventTriggered(RequestBytesArrived())
        context.fireChannelRead(data)
    }
}

/// The HTTP channel with `RequestBytesAnnouncer` in front of its decoder.
struct AnnouncingChannel<Base: ServerChildChannel>: ServerChildChannel {
    typealias Value = Base.Value

    let base: Base

    func setup(channel: any Channel, logger: Logger) -> EventLoopFuture<Value> {
        channel.eventLoop.makeCompletedFuture {
            try channel.pipeline.syncOperations.addHandler(RequestBytesAnnouncer())
        }.flatMap {
            base.setup(channel: channel, logger: logger)
        }
    }

    func handle(value: Value, logger: Logger) async {
        await base.handle(value: value, logger: logger)
    }
}
