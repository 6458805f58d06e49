// SPDX-License-Identifier: Apache-2.0
import Pipeline

/// Feeds the live stream: a `snapshot` event for every reading the pair monitor publishes on its ``PairBoard``, and a
/// heartbeat to every client each `heartbeatInterval` of `clock`.
///
/// It wakes on the board's version (a broadcast that never makes an engine wait) and compares each entry's reading
/// with the one it last saw, by identity: readings are immutable and replaced whole. Readings published while it was
/// busy, or within the hub's `publishInterval` of its last publication, are coalesced into one publication, so a
/// client sees each series' latest reading, in board order, and gets a burst of them in a few writes. When it stops
/// (shutdown), every open stream ends, so the HTTP server is not held up by them.
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
        // What was last seen of each entry, by position in `entries`: at each wake-up (a dozen in a bar close's burst)
        // one plain atomic load per series tells which moved, without hashing or loading every reading.
        var seen = entries.map(Seen.init)
        while !Task.isCancelled {
            version = await board.waitForUpdate(after: version)
            guard !Task.isCancelled else { return }
            let current = board.entries
            if current.count != entries.count || zip(current, entries).contains(where: { $0 !== $1 }) {
                // A reload changed the series: keep what was seen of those that stay.
                let kept = Dictionary(zip(entries.map(ObjectIdentifier.init), seen), uniquingKeysWith: { first, _ in first })
                seen = current.map { kept[ObjectIdentifier($0)] ?? Seen() }
                entries = current
            }
            let changed = entries.indices.compactMap { index in seen[index].news(of: entries[index]).map { (entries[index].series, $0) } }
            guard !changed.isEmpty else { continue }
            hub.publishSnapshots(changed)
            // A bar close publishes a reading per engine, one at a time: waking every client for each made them cost
            // the engines most of the cores. The readings of the next interval go out together instead.
            guard hub.settings.publishInterval > .zero else { continue }
            do { try await clock.sleep(for: hub.settings.publishInterval) } catch { return }
        }
    }

    /// What the stream last saw of a board entry.
    private struct Seen {
        var publications: UInt64 = 0
        /// Held (not only its address) so that a freed address never passes for a seen reading.
        var reading: PairReading?

        init() {}

        /// The count before the reading: a reading published between the two is at worst seen twice, and sent once.
        init(_ entry: PairBoardEntry) {
            publications = entry.publications
            reading = entry.reading
        }

        /// The entry's reading if it is one not yet seen, noting it seen.
        mutating func news(of entry: PairBoardEntry) -> PairReading? {
            let count = entry.publications
            guard count != publications else { return nil }
            publications = count
            // Read once, after the count: a reading published after it moves the count again, so it is seen at the
            // next wake-up, not skipped.
            guard let latest = entry.reading, latest !== reading else { return nil }
            reading = latest
            return latest
        }
    }

    private func beat<C: Clock<Duration>>(clock: C) async {
        while !Task.isCancelled {
            do { try await clock.sleep(for: hub.settings.heartbeatInterval) } catch { return }
            hub.heartbeat()
        }
    }
}
