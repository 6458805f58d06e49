// SPDX-License-Identifier: Apache-2.0
import Pipeline

/// Feeds the live stream: a `snapshot` event for every reading the pair monitor publishes on its ``PairBoard``, and a
/// heartbeat to every client each `heartbeatInterval` of `clock`.
///
/// It wakes on the board's version (a broadcast that never makes an engine wait) and compares each entry's reading
/// with the one it last saw, by identity: readings are immutable and replaced whole. Readings published while it was
/// busy, or within the hub's `publishInterval` of its last publication, are coalesced into one publication, so a
/// client sees each series' latest reading, in board order, and gets a burst of them in a few writes. When it stops (shutdown), every
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
            group.addTask { await self.watchBoard(clock: clock) }
            group.addTask { await self.beat(clock: clock) }
            await group.waitForAll()
        }
        hub.close()
    }

    private func watchBoard<C: Clock<Duration>>(clock: C) async {
        var version = board.version
        var entries = board.entries
        // The reading last seen of each entry, by position in `entries`: one pointer comparison per series at each
        // wake-up, which comes after every engine's publication (a thousand a second at 1s bars), so no hashing.
        var seen = entries.map(\.reading)
        while !Task.isCancelled {
            version = await board.waitForUpdate(after: version)
            guard !Task.isCancelled else { return }
            let current = board.entries
            if current.count != entries.count || zip(current, entries).contains(where: { $0 !== $1 }) {
                // A reload changed the series: keep what was seen of those that stay.
                let kept = Dictionary(zip(entries.map(ObjectIdentifier.init), seen), uniquingKeysWith: { first, _ in first })
                seen = current.map { kept[ObjectIdentifier($0)] ?? nil }
                entries = current
            }
            var changed: [(series: PairSeries, reading: PairReading)] = []
            for index in entries.indices {
                // Read once: a reading published after this one is seen at the next wake-up, not skipped. Holding the
                // readings (not only their addresses) keeps a freed address from passing for a seen reading.
                guard let reading = entries[index].reading, seen[index] !== reading else { continue }
                seen[index] = reading
                changed.append((entries[index].series, reading))
            }
            guard !changed.isEmpty else { continue }
            hub.publishSnapshots(changed)
            // A bar close publishes a reading per engine, one at a time: waking every client for each made them cost
            // the engines most of the cores. The readings of the next interval go out together instead.
            guard hub.settings.publishInterval > .zero else { continue }
            do { try await clock.sleep(for: hub.settings.publishInterval) } catch { return }
        }
    }

    private func beat<C: Clock<Duration>>(clock: C) async {
        while !Task.isCancelled {
            do { try await clock.sleep(for: hub.settings.heartbeatInterval) } catch { return }
            hub.heartbeat()
        }
    }
}
