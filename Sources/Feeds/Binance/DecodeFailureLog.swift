// SPDX-License-Identifier: Apache-2.0
import Logging
import MarketData
import NIOCore
import Synchronization

/// Logs frames that do not decode at most once per `interval`, with how many failed since the previous line, so a
/// stream of garbage cannot flood the journal.
final class DecodeFailureLog<C: Clock<Duration>>: Sendable {
    private struct State {
        var lastLine: C.Instant?
        var failedSinceLine = 0
    }

    private let clock: C
    private let interval: Duration
    private let logger: Logger
    private let state = Mutex(State())

    init(clock: C, interval: Duration = .seconds(10), logger: Logger) {
        self.clock = clock
        self.interval = interval
        self.logger = logger
    }

    func failed(_ error: BinanceDecodeError, connection: String, frame: ByteBuffer) {
        let now = clock.now
        let count = state.withLock { state -> Int? in
            state.failedSinceLine += 1
            if let last = state.lastLine, last.duration(to: now) < interval { return nil }
            defer {
                state.lastLine = now
                state.failedSinceLine = 0
            }
            return state.failedSinceLine
        }
        guard let count else { return }
        let excerpt = String(decoding: frame.readableBytesView.prefix(120), as: UTF8.self)
        logger.warning(
            "binance frames that do not decode",
            metadata: ["connection": "\(connection)", "count": "\(count)", "error": "\(error)", "frame": "\(excerpt)"]
        )
    }
}
