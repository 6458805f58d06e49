// SPDX-License-Identifier: Apache-2.0
import Logging

/// Keeps one connection of the Binance feed (one group of symbols) alive: reconnects with backoff when it ends, and
/// rotates it before Binance's 24-hour cut by opening the successor first and closing the old connection once the
/// successor delivered a trade, so the rotation loses nothing.
struct ConnectionSlot<C: Clock<Duration>>: Sendable {
    let connection: BinanceConnection<C>
    let seed: UInt64

    private var name: String { connection.name }
    private var clock: C { connection.clock }
    private var settings: BinanceFeedSettings { connection.settings }
    private var statistics: FeedStatistics { connection.statistics }
    private var logger: Logger { connection.logger }

    private enum Event: Sendable {
        case ended(generation: Int, BinanceConnection<C>.End, uptime: Duration?)
        case rotateDue(generation: Int)
    }

    /// Runs until cancelled.
    func run() async throws {
        var backoff = ReconnectBackoff(settings: settings, seed: seed)
        while true {
            let (end, uptime) = await runGenerations()
            try Task.checkCancellation()
            let (reason, problem) = Self.classify(end, staleAfter: settings.staleAfter)
            statistics.disconnected(name, problem: problem)
            statistics.reconnecting(reason)
            let delay = backoff.nextDelay(afterUptime: uptime)
            logger.warning(
                "binance connection down; reconnecting",
                metadata: ["connection": "\(name)", "reason": "\(reason.rawValue)", "problem": "\(problem)", "retry_in": "\(delay.retryText)"]
            )
            try await clock.sleep(for: delay)
        }
    }

    static func classify(_ end: BinanceConnection<C>.End, staleAfter: Duration) -> (ReconnectReason, String) {
        switch end {
        case .closed(let code): (.closed, "the server closed the connection" + (code.map { " (close code \($0))" } ?? ""))
        case .failed(let problem): (.error, problem)
        case .stale: (.stale, "no trade for \(staleAfter) with the socket open")
        case .requested: (.closed, "the connection was closed")
        }
    }

    /// Runs the connection and its rotated successors until the newest one ends; returns how and after what uptime.
    private func runGenerations() async -> (BinanceConnection<C>.End, Duration?) {
        await withTaskGroup(of: Event.self) { group in
            var controls: [Int: ConnectionControl<C>] = [:]
            var current = 0
            controls[0] = start(generation: 0, predecessor: nil, in: &group)
            while let event = await group.next() {
                switch event {
                case .rotateDue(let generation) where generation == current && controls[generation - 1] != nil:
                    // Its predecessor is still open: this connection has not delivered a trade yet, so it has not taken
                    // over. Rotating it now would open a third connection, and one more each `rotateAfter` while the
                    // market is quiet; it is looked at again once the handover is done or the watchdog ended it.
                    armRotation(generation: generation, after: min(settings.rotateAfter, settings.staleAfter), in: &group)
                case .rotateDue(let generation) where generation == current && !Task.isCancelled:
                    current += 1
                    statistics.reconnecting(.rotate)
                    logger.info("binance connection rotating", metadata: ["connection": "\(name)", "after": "\(settings.rotateAfter)"])
                    controls[current] = start(generation: current, predecessor: controls[generation], in: &group)
                case .rotateDue:
                    continue
                case .ended(let generation, let end, let uptime):
                    controls[generation] = nil
                    guard generation == current else { continue }
                    group.cancelAll()
                    return (end, uptime)
                }
            }
            return (.requested, nil)
        }
    }

    /// Starts one connection and its rotation timer; the first connection of a run (no predecessor) catches up
    /// over REST once open, a rotated one does not need to: its predecessor is still delivering.
    private func start(generation: Int, predecessor: ConnectionControl<C>?, in group: inout TaskGroup<Event>) -> ConnectionControl<C> {
        let control = ConnectionControl<C>(started: clock.now)
        group.addTask { [connection, clock, statistics, logger, name] in
            let end = await connection.run(
                control: control,
                onOpen: {
                    statistics.connected(name)
                    if predecessor == nil { connection.queue.reconnected(connection.symbols, atMs: connection.nowMs()) }
                    logger.info("binance connection open", metadata: ["connection": "\(name)", "streams": "\(connection.symbols.count)"])
                },
                onFirstTrade: { predecessor?.requestClose() }
            )
            return .ended(generation: generation, end, uptime: control.opened.map { $0.duration(to: clock.now) })
        }
        armRotation(generation: generation, after: settings.rotateAfter, in: &group)
        return control
    }

    /// The rotation timer of one connection.
    private func armRotation(generation: Int, after delay: Duration, in group: inout TaskGroup<Event>) {
        group.addTask { [clock] in
            do {
                try await clock.sleep(for: delay)
                return .rotateDue(generation: generation)
            } catch {
                return .rotateDue(generation: -1)
            }
        }
    }
}
