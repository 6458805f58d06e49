// SPDX-License-Identifier: Apache-2.0
import NIOCore
import Pipeline
import Synchronization

/// The JSON of each pair series as `GET /api/v1/pairs` writes it, kept per board entry for as long as its reading
/// is the current one. A reading never changes once published, so its JSON is written once; a request writes only
/// the series whose reading is new since the last request (at most the 1s series, once a second) and copies the
/// rest, instead of writing 3,000 series each time (36 ms at 1,000 pairs × 3 timeframes).
final class PairJSONCache: Sendable {
    private struct Fragment {
        /// Held, so the entry's address cannot be reused by another entry while it keys this fragment.
        let entry: PairBoardEntry
        let reading: PairReading?
        let bytes: ByteBuffer
    }

    private let fragments = Mutex<[ObjectIdentifier: Fragment]>([:])

    /// The JSON of each entry, in order.
    func json(_ entries: some Collection<PairBoardEntry>, board count: Int) -> [ByteBuffer] {
        let known = fragments.withLock { $0 }
        var fresh: [(ObjectIdentifier, Fragment)] = []
        let bytes = entries.map { entry -> ByteBuffer in
            let reading = entry.reading
            if let fragment = known[ObjectIdentifier(entry)], fragment.entry === entry, fragment.reading === reading { return fragment.bytes }
            var json = JSONWriter(capacity: 640)
            PairsAPI.write(entry, reading: reading, to: &json)
            fresh.append((ObjectIdentifier(entry), Fragment(entry: entry, reading: reading, bytes: json.buffer)))
            return json.buffer
        }
        guard !fresh.isEmpty else { return bytes }
        fragments.withLock { fragments in
            for (key, fragment) in fresh { fragments[key] = fragment }
            // Entries a reload removed would otherwise stay: start over once the cache holds more than the board.
            if fragments.count > count { fragments = Dictionary(uniqueKeysWithValues: fresh) }
        }
        return bytes
    }
}
