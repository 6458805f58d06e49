// SPDX-License-Identifier: Apache-2.0
import Pipeline

/// Feeds the live stream: a `snapshot` event for every reading the pair monitor publishes on its ``PairBoard``, and a
/// heartbeat to every client each `heartbeatInterval` of `clock`.
///
/// It wakes on the board's version (a broadcast that never makes an engine wait) and compares each entry's reading
/// with the one it last saw, by identity: readings are immutable and replaced whole. Readings published while it was
/// busy are coalesced, so a client sees each series' latest reading, in board order. When it stops (shutdown), every
/// open stream ends, so the HTTP server is not held up by them.
public struct BoardStream: Sendable {
    let board: PairBoard
    let hub: StreamHub

    public init(board: PairBoard, hub: StreamHub) {
        self.board = board
        self.hub = hub
    }

    /// Runs until the task is cancelled, then closes the hub.
    public func run<C: Clock<Duration>>(clock: C) async {
        await withTaskGroup(of: Void.self) { group in
            group.addTask { await self.watchBoard() }
            group.addTask { await self.beat(clock: clock) }
            await group.waitForAll()
        }
        hub.close()
    }

    private func watchBoard() async {
        var version = board.version
        var seen = Self.readings(board.entries)
        while !Task.isCancelled {
            version = await board.waitForUpdate(after: version)
            guard !Task.isCancelled else { return }
            var changed: [(series: PairSeries, reading: PairReading)] = []
            var next: [ObjectIdentifier: PairReading] = [:]
            for entry in board.entries {
                // Read once: a reading published after this one is seen at the next wake-up, not skipped.
                guard let reading = entry.reading else { continue }
                next[ObjectIdentifier(entry)] = reading
                if seen[ObjectIdentifier(entry)] !== reading { changed.append((entry.series, reading)) }
            }
            // Holding the readings (not only their addresses) keeps a freed address from passing for a seen reading.
            seen = next
            hub.publishSnapshots(changed)
        }
    }

    private static func readings(_ entries: [PairBoardEntry]) -> [ObjectIdentifier: PairReading] {
        var readings: [ObjectIdentifier: PairReading] = [:]
        for entry in entries { readings[ObjectIdentifier(entry)] = entry.reading }
        return readings
    }

    private func beat<C: Clock<Duration>>(clock: C) async {
        while !Task.isCancelled {
            do { try await clock.sleep(for: hub.settings.heartbeatInterval) } catch { return }
            hub.heartbeat()
        }
    }
}
