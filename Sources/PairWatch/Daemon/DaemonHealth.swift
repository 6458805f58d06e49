// SPDX-License-Identifier: Apache-2.0
import Feeds
import Pipeline
import Synchronization

/// The daemon's one-line `STATUS=` for systemd, and the pair engines' part of the watchdog's evidence.
final class DaemonHealth: Sendable {
    private struct Seen {
        var trades: UInt64 = 0
        var atMs: Int64
        var finished: UInt64 = 0
    }

    private let symbols: SymbolStatistics
    private let feed: FeedStatistics
    private let monitor: PairMonitor
    private let nowMs: @Sendable () -> Int64
    private let seen: Mutex<Seen>

    init(symbols: SymbolStatistics, feed: FeedStatistics, monitor: PairMonitor, nowMs: @escaping @Sendable () -> Int64) {
        self.symbols = symbols
        self.feed = feed
        self.monitor = monitor
        self.nowMs = nowMs
        seen = Mutex(Seen(atMs: nowMs()))
    }

    /// `3 pair series; feed 1/1 connections up; 1250 trades/min`: the trade rate since the previous line.
    func statusLine() -> String {
        let trades = symbols.snapshot.values.reduce(0) { $0 + $1.trades }
        let now = nowMs()
        let perMinute = seen.withLock { seen in
            defer { (seen.trades, seen.atMs) = (trades, now) }
            let elapsedMs = max(now - seen.atMs, 1)
            return Double(trades &- seen.trades) * 60_000 / Double(elapsedMs)
        }
        let connections = feed.snapshot.connections.values
        let up = connections.filter(\.up).count
        return "\(monitor.board.entries.count) pair series; feed \(up)/\(connections.count) connections up; \(Int(perMinute.rounded())) trades/min"
    }

    /// The engines are idle (nothing waiting) or have finished a computation since the last call.
    func enginesMoving() -> Bool {
        let progress = monitor.progress
        return seen.withLock { seen in
            defer { seen.finished = progress.finished }
            return progress.waiting == 0 || progress.finished != seen.finished
        }
    }
}
