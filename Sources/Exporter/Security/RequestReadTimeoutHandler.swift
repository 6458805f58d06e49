// SPDX-License-Identifier: Apache-2.0
import NIOCore
import NIOHTTPTypes

/// Closes a connection whose client sends a request too slowly, so slow clients (slowloris) cannot hold
/// connections open: the first request's headers must arrive within `headerTimeout` of the connection (the TLS
/// handshake included), and a request's body within `readTimeout` of its headers.
///
/// Only reading is timed. Once a request is read, its response may take as long as it takes, so a live stream is
/// never cut; the wait for the next request on a kept-alive connection is Hummingbird's idle timeout.
final class RequestReadTimeoutHandler: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPRequestPart
    typealias InboundOut = HTTPRequestPart
    typealias OutboundIn = HTTPResponsePart
    typealias OutboundOut = HTTPResponsePart

    private let headerTimeout: TimeAmount
    private let readTimeout: TimeAmount
    private var timer: Scheduled<Void>?
    /// Whether the first request's header timer was started; later requests start at their head.
    private var started = false

    init(headerTimeout: TimeAmount, readTimeout: TimeAmount) {
        self.headerTimeout = headerTimeout
        self.readTimeout = readTimeout
    }

    func handlerAdded(context: ChannelHandlerContext) {
        if context.channel.isActive { startHeaderTimer(context) }
    }

    func channelActive(context: ChannelHandlerContext) {
        startHeaderTimer(context)
        context.fireChannelActive()
    }

    func channelInactive(context: ChannelHandlerContext) {
        cancel()
        context.fireChannelInactive()
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        cancel()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head: schedule(context, after: readTimeout)
        case .body: break
        case .end: cancel()
        }
        context.fireChannelRead(data)
    }

    private func startHeaderTimer(_ context: ChannelHandlerContext) {
        guard !started else { return }
        started = true
        schedule(context, after: headerTimeout)
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
