// SPDX-License-Identifier: Apache-2.0
import MarketData
import Synchronization

/// Bars as they close, for whatever computes on them (the pair engines): every subscriber gets each bar once per
/// symbol, timeframe and interval, in the order the resampler closed them. A bar that a late trade changes later is
/// rebuilt in storage only; it is not published again.
public final class BarEvents: Sendable {
    private let subscribers = Mutex<[AsyncStream<Bar>.Continuation]>([])

    public init() {}

    /// The bars that close from now on, buffered until read; the stream ends with `finish()`.
    public func subscribe() -> AsyncStream<Bar> {
        let (stream, continuation) = AsyncStream.makeStream(of: Bar.self)
        subscribers.withLock { $0.append(continuation) }
        return stream
    }

    /// Hands bars to every subscriber, dropping those that stopped listening. Called under the resampler's lock, so
    /// bars closed by trades and by the wall clock reach subscribers in the order they closed.
    func publish(_ bars: [Bar]) {
        guard !bars.isEmpty else { return }
        subscribers.withLock { subscribers in
            subscribers.removeAll { continuation in
                for bar in bars {
                    if case .terminated = continuation.yield(bar) { return true }
                }
                return false
            }
        }
    }

    /// Ends every subscriber's stream (at shutdown).
    public func finish() {
        let ended = subscribers.withLock { subscribers in
            defer { subscribers.removeAll() }
            return subscribers
        }
        for continuation in ended { continuation.finish() }
    }
}
