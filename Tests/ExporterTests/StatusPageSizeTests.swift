// SPDX-License-Identifier: Apache-2.0
import Foundation
import Hummingbird
import MarketData
import TestSupport
import Testing

@testable import Exporter
@testable import Pipeline

private typealias F = StatusPageFixtures

/// 1,000 pairs on 3 timeframes, each with a full sparkline: the page stays a size a phone can load, in full and
/// at the default limit. Sizes and render times are printed for the record.
@Test func statusPage_withAThousandPairsOnThreeTimeframes_staysSmallEnough() async throws {
    let seed = testSeed()
    var random = SplitMix64(seed: seed)
    let base = try F.snapshot(zScore: 0)
    // 300 random z-score histories shared among the series: the page's size is the same as with 3,000 different ones,
    // and building them stays cheap (the suite runs this beside timing-sensitive tests on few cores).
    let readings = (0..<300).compactMap { _ -> PairReading? in
        var reading: PairReading?
        var z = 0.0
        for _ in 0..<PairReading.recentLimit {
            z = 0.8 * z + Double.random(in: -1...1, using: &random)
            var snapshot = base
            snapshot.zScore = .available(z)
            reading = PairReading(snapshot: snapshot, lastBarEndMs: F.nowMs, previous: reading)
        }
        return reading
    }
    let timeframes = ["1m", "5m", "1h"].compactMap(Timeframe.init)
    var entries: [PairBoardEntry] = []
    for pair in 0..<1_000 {
        for timeframe in timeframes {
            let entry = PairBoardEntry(series: PairSeries(a: "P\(pair)AUSDT", b: "P\(pair)BUSDT", timeframe: timeframe))
            entry.publish(readings[entries.count % readings.count])
            entries.append(entry)
        }
    }
    let sources = F.sources(board: F.board(entries))
    let page = StatusPage(buildInfo: F.build, telemetryPath: "/metrics", streams: true)
    for limit in [StatusPage.defaultLimit, nil] {
        let start = ContinuousClock.now
        let html = await page.html(feed: [:], sources: sources, limit: limit)
        let elapsed = ContinuousClock.now - start
        let bytes = html.utf8.count
        let gzip = Collected()
        let compressor = try GzipOutput(next: gzip)
        try await compressor.write(ByteBuffer(string: html))
        try await compressor.finish()
        print("status page, 3000 series, limit \(limit.map(String.init) ?? "all"): \(bytes) bytes (gzip \(gzip.bytes)) in \(elapsed)")
        #expect(html.components(separatedBy: "<svg ").count - 1 == (limit ?? 3_000))
        #expect(bytes < (limit == nil ? 4_000_000 : 400_000), "\(bytes) bytes")
        #expect(gzip.bytes < bytes / 3, "gzip \(gzip.bytes) of \(bytes) bytes")
    }
}

/// Counts what a compressor writes.
private final class Collected: MetricsOutput {
    var bytes = 0

    func write(_ chunk: ByteBuffer) async throws {
        bytes += chunk.readableBytes
    }
}
