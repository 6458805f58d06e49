// SPDX-License-Identifier: Apache-2.0
import HummingbirdCore
import Logging
import NIOCore
import NIOSSL

/// A child channel that speaks TLS with the context in force when the connection arrives, before the HTTP
/// channel it wraps. Hummingbird's own `TLSChannel` keeps one context for the server's life; this one asks its
/// `TLSContextSource` per connection so certificates rotate without a restart.
struct ReloadingTLSChannel<Base: ServerChildChannel>: ServerChildChannel {
    typealias Value = Base.Value

    let base: Base
    let source: TLSContextSource

    func setup(channel: any Channel, logger: Logger) -> EventLoopFuture<Value> {
        let entry = source.current
        return channel.eventLoop.makeCompletedFuture {
            let handler =
                entry.acceptsAnyClientCertificate
                ? NIOSSLServerHandler(context: entry.context, customVerificationCallback: { _, promise in promise.succeed(.certificateVerified) })
                : NIOSSLServerHandler(context: entry.context)
            try channel.pipeline.syncOperations.addHandler(handler)
        }.flatMap {
            base.setup(channel: channel, logger: logger)
        }
    }

    func handle(value: Value, logger: Logger) async {
        await base.handle(value: value, logger: logger)
    }
}
