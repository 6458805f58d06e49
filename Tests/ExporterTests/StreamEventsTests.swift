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

private func json(_ frame: ByteBuffer) throws -> [String: Any] {
    let text = String(buffer: frame)
    let data = try #require(text.split(separator: "\n").first { $0.hasPrefix("data: ") }?.dropFirst(6))
    return try #require(try JSONSerialization.jsonObject(with: Data(data.utf8)) as? [String: Any])
}

@Test func snapshotEvent_whenStatisticsAreUnavailable_carriesEveryKeyWithNulls() throws {
    let hub = StreamHub()
    let client = try #require(hub.subscribe(after: nil))
    hub.publishSnapshots([(PairSeries(a: "AAAUSDT", b: "BBBUSDT", timeframe: minute), try reading([1, 2, 3], [2, 3, 5], endMs: 1_700_000_040_000))])
    let frame = try #require(hub.take(client.id).frames?.first)
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
    // The golden scrape's series with every statistic (a fixed hash-like noise).
    func noise(_ i: Int) -> Double { (sin(Double(i) * 12.9898) * 43_758.5453).truncatingRemainder(dividingBy: 1) }
    var level = 2_000.0
    let b = (0..<30).map { i -> Double in
        level += 5 * noise(i)
        return level
    }
    let a = b.indices.map { 5 + 20 * b[$0] + 30 * noise($0 + 100) }
    let value = try reading(a, b, endMs: 1_700_000_040_000)
    let hub = StreamHub()
    let client = try #require(hub.subscribe(after: nil))
    hub.publishSnapshots([(PairSeries(a: "AAAUSDT", b: "BBBUSDT", timeframe: minute), value)])
    let body = try json(try #require(hub.take(client.id).frames?.first))
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
    let frame = try #require(hub.take(client.id).frames?.first)
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
    let hub = StreamHub()
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
        let frames = try await withTimeout(.seconds(30), "snapshot of the first series") { await client.next() ?? [] }
        pairs += try frames.map { frame in let body = try json(frame); return (body["pair"] as? String ?? "", body["time_ms"] as? Int ?? 0) }
    }
    // The reading there before the stream started is not news; the new one is, once.
    #expect(pairs.filter { $0.0 == "AAAUSDT/BBBUSDT" }.map(\.1) == [120_000])
    #expect(pairs.allSatisfy { $0.0 == "AAAUSDT/BBBUSDT" || $0.0 == "CCCUSDT/BBBUSDT" })
    running.cancel()
    await running.value
}

extension StreamHub.Take {
    var frames: [ByteBuffer]? {
        if case let .frames(frames) = self { return frames }
        return nil
    }
}
