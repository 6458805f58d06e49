// SPDX-License-Identifier: Apache-2.0
import MarketData
import PairStats
import TestSupport
import Testing

@testable import Pipeline

/// The recent z-scores each reading carries for the status page's sparkline.
@Test func pairReading_whenPublishedAfterAnother_keepsThePreviousZScoresUpToTheLimit() {
    var snapshot = PairSnapshot.empty
    var reading: PairReading?
    var published: [Double?] = []
    for i in 0..<(PairReading.recentLimit + 7) {
        snapshot.zScore = i % 10 == 3 ? .unavailable(.zeroStandardDeviation) : .available(Double(i) / 10)
        reading = PairReading(snapshot: snapshot, lastBarEndMs: Int64(i), previous: reading)
        published.append(snapshot.zScore.value)
        #expect(reading?.recentZScores == Array(published.suffix(PairReading.recentLimit)))
    }
    #expect(reading?.recentZScores.count == 60)
    #expect(PairReading(snapshot: snapshot, lastBarEndMs: 0).recentZScores == [snapshot.zScore.value])
}

@Test func seriesWork_whenIntervalsAreProcessedOneByOne_publishesEachZScoreIntoTheNextReading() throws {
    let seed = testSeed()
    var random = SplitMix64(seed: seed)
    let minute = Timeframe("1m")!
    let settings = PairSeriesSettings(
        series: PairSeries(a: "AAA", b: "BBB", timeframe: minute), configuration: try PairConfiguration(window: 30, zscoreWindow: 10))
    let work = PairSeriesWork(settings: settings)
    #expect(!work.restore([]))
    var b = 100.0
    var published: [Double?] = []
    for i in 0..<90 {
        b += Double.random(in: -1...1, using: &random)
        let closes = PairCloses(startMs: Int64(i) * minute.milliseconds, a: 2 * b + Double.random(in: -0.5...0.5, using: &random), b: b)
        #expect(work.enqueue(closes))
        #expect(work.process().isEmpty)
        let reading = try #require(work.entry.reading)
        published.append(reading.values.zScore)
        #expect(reading.recentZScores == Array(published.suffix(PairReading.recentLimit)), "after interval \(i)")
    }
    #expect(published.suffix(60).allSatisfy { $0 != nil })
}

@Test func boardEntry_whenReadingsArePublished_countsEachOnceItIsInPlace() throws {
    let entry = PairBoardEntry(series: PairSeries(a: "AAA", b: "BBB", timeframe: try #require(Timeframe("1m"))))
    #expect(entry.publications == 0 && entry.reading == nil)
    for count in 1...3 {
        let reading = PairReading(snapshot: .empty, lastBarEndMs: Int64(count))
        entry.publish(reading)
        #expect(entry.publications == UInt64(count))
        #expect(entry.reading === reading)
    }
}
