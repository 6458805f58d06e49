// SPDX-License-Identifier: Apache-2.0
import Foundation
import MarketData
import NIOCore
import PairStats
import TestSupport
import Testing

@testable import Alerting
@testable import Exporter
@testable import Pipeline

private let minute = Timeframe("1m")!

private func reading(_ a: [Double], _ b: [Double], endMs: Int64) throws -> PairReading {
    PairReading(snapshot: PairAnalysis.snapshot(a: a, b: b, configuration: try PairConfiguration(window: 30, zscoreWindow: 10)), lastBarEndMs: endMs)
}

/// The frames of one write.
private func frames(_ write: ByteBuffer) -> [ByteBuffer] {
    String(buffer: write).split(separator: "\n\n").map { ByteBuffer(string: $0 + "\n\n") }
}

/// The pair and bar time of each snapshot in one write.
private func snapshots(_ write: ByteBuffer) throws -> [(String, Int)] {
    try frames(write).map { frame in
        let body = try json(frame)
        return (body["pair"] as? String ?? "", body["time_ms"] as? Int ?? 0)
    }
}

private func json(_ frame: ByteBuffer) throws -> [String: Any] {
    let text = String(buffer: frame)
    let data = try #require(text.split(separator: "\n").first { $0.hasPrefix("data: ") }?.dropFirst(6))
    return try #require(try JSONSerialization.jsonObject(with: Data(data.utf8)) as? [String: Any])
}

@Test func snapshotEvent_whenStatisticsAreUnavailable_carriesEveryKeyWithNulls() throws {
    let hub = StreamHub()
    let client = try #require(hub.subscribe(after: nil))
    hub.publishSnapshots([(PairSeries(a: "AAAUSDT", b: "BBBUSDT", timeframe: minute), try reading([1, 2, 3], [2, 3, 5], endMs: 1_700_000_040_000))])
    let frame = try #require(hub.take(client.id).frames)
    #expect(String(buffer: frame).hasPrefix("id: 1\nevent: snapshot\ndata: {\"adf_pvalue\":null,"))
    let body = try json(frame)
    #expect(Set(body.keys) == [
        "pair", "timeframe", "time", "time_ms", "samples", "hedge_ratio", "intercept", "spread", "zscore", "adf_statistic", "adf_pvalue",
        "coint_pvalue", "half_life_seconds", "correlation",
    ])
    #expect(body["pair"] as? String == "AAAUSDT/BBBUSDT")
    #expect(body["timeframe"] as? String == "1m")
    #expect(body["time"] as? String == "2023-11-14T22:14:00.000Z")
    #expect(body["time_ms"] as? Int == 1_700_000_040_000)
    #expect(body["samples"] as? Int == 3)
    #expect(body["adf_pvalue"] is NSNull)
}

@Test func snapshotEvent_whenEveryStatisticIsAvailable_hasTheGaugesNumbers() throws {
    // The golden scrape's series with every statistic.
    let (a, b) = fixedCloses(count: 30, slope: 20, noise: 30)
    let value = try reading(a, b, endMs: 1_700_000_040_000)
    let hub = StreamHub()
    let client = try #require(hub.subscribe(after: nil))
    hub.publishSnapshots([(PairSeries(a: "AAAUSDT", b: "BBBUSDT", timeframe: minute), value)])
    let body = try json(try #require(hub.take(client.id).frames))
    #expect(body["hedge_ratio"] as? Double == value.values.hedgeRatio)
    #expect(body["zscore"] as? Double == value.values.zScore)
    let halfLife = try #require(value.values.halfLifeBars)
    #expect(body["half_life_seconds"] as? Double == halfLife * 60)
}

@Test func alertEvent_whenATransitionIsPublished_carriesItsLabelsPhasesValueAndTime() throws {
    let hub = StreamHub()
    let client = try #require(hub.subscribe(after: nil))
    hub.publishAlerts([
        AlertTransitionEvent(
            fingerprint: "0123abcd", alertname: "SpreadZscoreHigh", labels: ["alertname": "SpreadZscoreHigh", "pair": "A/B"], from: .pending,
            to: .firing, value: 2.5, atMs: 1_700_000_000_250)
    ])
    let frame = try #require(hub.take(client.id).frames)
    #expect(String(buffer: frame) == """
        id: 1
        event: alert
        data: {"alertname":"SpreadZscoreHigh","at":"2023-11-14T22:13:20.250Z","at_ms":1700000000250,"fingerprint":"0123abcd",\
        "from":"pending","labels":{"alertname":"SpreadZscoreHigh","pair":"A/B"},"to":"firing","value":2.5}


        """)
}

@Test func boardStream_whenReadingsArePublished_sendsOneSnapshotPerChangedSeries() async throws {
    let board = PairBoard()
    let first = PairBoardEntry(series: PairSeries(a: "AAAUSDT", b: "BBBUSDT", timeframe: minute))
    let second = PairBoardEntry(series: PairSeries(a: "CCCUSDT", b: "BBBUSDT", timeframe: minute))
    board.replace([first, second])
    first.publish(try reading([1, 2, 3], [2, 3, 5], endMs: 60_000))
    // Publishing as soon as it sees a reading: the interval has a test of its own.
    let hub = StreamHub(settings: .init(publishInterval: .zero))
    let client = try #require(hub.subscribe(after: nil))
    let running = Task { await BoardStream(board: board, hub: hub).run(clock: ManualClock()) }
    // Until the stream has taken its first look at the board, a reading may pass for one it saw: publish until one is news.
    while hub.lastEventID == 0 {
        second.publish(try reading([1, 2, 4], [2, 3, 5], endMs: 60_000))
        board.noteUpdate()
        for _ in 0..<100 { await Task.yield() }
    }
    first.publish(try reading([1, 2, 3, 4], [2, 3, 5, 6], endMs: 120_000))
    board.noteUpdate()
    var pairs: [(String, Int)] = []
    while !pairs.contains(where: { $0.0 == "AAAUSDT/BBBUSDT" }) {
        let write = try await withTimeout(.seconds(30), "snapshot of the first series") { await client.next() ?? ByteBuffer() }
        pairs += try snapshots(write)
    }
    // The reading there before the stream started is not news; the new one is, once.
    #expect(pairs.filter { $0.0 == "AAAUSDT/BBBUSDT" }.map(\.1) == [120_000])
    #expect(pairs.allSatisfy { $0.0 == "AAAUSDT/BBBUSDT" || $0.0 == "CCCUSDT/BBBUSDT" })
    running.cancel()
    await running.value
}

@Test func boardStream_whenReadingsComeWithinThePublishInterval_publishesThemTogetherOnceItPasses() async throws {
    let board = PairBoard()
    let entries = ["AAAUSDT", "CCCUSDT", "DDDUSDT"].map { PairBoardEntry(series: PairSeries(a: $0, b: "BBBUSDT", timeframe: minute)) }
    board.replace(entries)
    let clock = ManualClock()
    let hub = StreamHub(settings: .init(publishInterval: .milliseconds(10)))
    let client = try #require(hub.subscribe(after: nil))
    let running = Task { await BoardStream(board: board, hub: hub).run(clock: clock) }
    var endMs: Int64 = 0
    while hub.lastEventID == 0 {
        endMs += 60_000
        entries[0].publish(try reading([1, 2, 3], [2, 3, 5], endMs: endMs))
        board.noteUpdate()
        for _ in 0..<100 { await Task.yield() }
    }
    // The heartbeat's sleep, and the wait after the first publication.
    try await clock.waitForSleepers(2)
    let published = hub.lastEventID
    _ = await client.next()
    for entry in entries.dropFirst() {
        entry.publish(try reading([1, 2, 4], [2, 3, 5], endMs: endMs))
        board.noteUpdate()
        for _ in 0..<100 { await Task.yield() }
    }
    #expect(hub.lastEventID == published)
    await clock.advance(by: .milliseconds(10))
    let write = try await withTimeout(.seconds(30), "the readings of the interval") { await client.next() ?? ByteBuffer() }
    // Both readings in one write (with a reading of the first series if one came after the first publication).
    let pairs = try snapshots(write).map(\.0)
    #expect(Set(pairs).isSuperset(of: ["CCCUSDT/BBBUSDT", "DDDUSDT/BBBUSDT"]))
    #expect(hub.lastEventID == published + UInt64(pairs.count))
    running.cancel()
    await running.value
}

extension StreamHub.Take {
    var frames: ByteBuffer? {
        if case let .frames(frames) = self { return frames }
        return nil
    }
}
