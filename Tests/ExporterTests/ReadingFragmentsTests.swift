// SPDX-License-Identifier: Apache-2.0
import NIOCore
import PairStats
import Testing

@testable import Exporter
@testable import Pipeline

/// The per-reading JSON fragments of `GET /api/v1/pairs` serves what a fresh write gives, and follows new readings.
struct ReadingFragmentsTests {
    private func uncached(_ entries: [PairBoardEntry]) -> [String] {
        entries.map { entry in
            var json = JSONWriter()
            PairsAPI.write(entry, reading: entry.reading, to: &json)
            return String(buffer: json.buffer)
        }
    }

    @Test func json_whenAReadingIsPublished_isRewrittenForThatSeriesOnly() throws {
        let board = fixedBoard()
        let entries = board.entries
        let cache = PairsAPI(board: board).cache
        let first = cache.fragments(entries, board: entries.count)
        #expect(first.map { String(buffer: $0) } == uncached(entries))
        #expect(cache.fragments(entries, board: entries.count).map { String(buffer: $0) } == first.map { String(buffer: $0) })

        let changed = try #require(entries.first { $0.series.a == "SOLUSDT" })
        let configuration = try PairConfiguration(window: 30, zscoreWindow: 10)
        let b: [Double] = (0..<30).map { 5 + 0.5 * Double($0) }
        let a: [Double] = b.indices.map { i -> Double in 2 * b[i] + (i % 3 == 0 ? 0.5 : -0.25) }
        changed.publish(PairReading(snapshot: PairAnalysis.snapshot(a: a, b: b, configuration: configuration), lastBarEndMs: 1_700_000_100_000))
        let second = cache.fragments(entries, board: entries.count).map { String(buffer: $0) }
        #expect(second == uncached(entries))
        #expect(second != first.map { String(buffer: $0) })
        #expect(second.contains { $0.contains("\"time_ms\":1700000100000") })
    }
}
