// SPDX-License-Identifier: Apache-2.0
import Foundation
import MarketData
import Synchronization
import TestSupport
import Testing

@testable import Feeds

private func aggTrade(_ id: Int64, symbol: String = "BTCUSDT", timeMs: Int64, price: String = "68005.00") -> String {
    #"{"e":"aggTrade","E":\#(timeMs + 5),"a":\#(id),"s":"\#(symbol)","p":"\#(price)","q":"0.010","nq":"0.010","f":1,"l":2,"T":\#(timeMs),"m":true,"st":1}"#
}

private func recordFrame(_ recorder: FrameRecorder, _ frame: String, at receivedMs: Int64) {
    var text = frame
    text.withUTF8 { recorder.record(frame: UnsafeRawBufferPointer($0), connection: "binance-0", receivedMs: receivedMs) }
}

private func replay(
    _ path: String, speed: Double = 0, clock: ManualClock = ManualClock(immediate: true), statistics: FeedStatistics? = nil,
    log: LogRecorder = LogRecorder()
)
    async throws -> [Trade]
{
    let received = Mutex<[Trade]>([])
    let feed = ReplayFeed(path: path, speed: speed, clock: clock, logger: log.logger, statistics: statistics) { batch in
        received.withLock { $0 += batch }
    }
    try await feed.run()
    return received.withLock { $0 }
}

private func decoded(_ frame: String) -> Trade? {
    if case .trade(let trade, _) = try? BinanceDecoder.decode(frame) { return trade }
    return nil
}

@Test func replay_ofARecording_deliversTheTradesOfItsFramesAndBodiesInRecordedOrder() async throws {
    let folder = try TemporaryDirectory("pairwatch-replay")
    defer { folder.remove() }
    let path = folder.file("binance.jsonl")
    let recorder = try FrameRecorder(path: path, maxBytes: 1 << 20, logger: LogRecorder().logger)
    let frames = [
        #"{"result":null,"id":1}"#,
        #"{"stream":"btcusdt@aggTrade","data":\#(aggTrade(100, timeMs: 1_000))}"#,
        aggTrade(7, symbol: "ETHUSDT", timeMs: 1_001, price: "2500.1000000"),
        #"{"code":2,"msg":"Invalid request: invalid stream","id":2}"#,
        #"{"e":"trade","E":1,"T":1,"s":"BTCUSDT","t":5,"p":"0","q":"0","X":"NA","m":false}"#,
    ]
    for (index, frame) in frames.enumerated() { recordFrame(recorder, frame, at: 2_000 + Int64(index)) }
    let body = "[" + aggTrade(101, timeMs: 1_002) + "," + aggTrade(102, timeMs: 1_003) + "]"
    body.utf8CString.withUnsafeBytes {
        recorder.record(restBody: UnsafeRawBufferPointer(rebasing: $0.dropLast()), symbol: "BTCUSDT", receivedMs: 2_010)
    }
    recordFrame(recorder, aggTrade(103, timeMs: 1_004), at: 2_011)
    recorder.close()
    let statistics = FeedStatistics()
    let trades = try await replay(path, statistics: statistics)
    let rest = try Array(body.utf8).withUnsafeBytes { try BinanceDecoder.decodeAggTrades($0, symbol: "BTCUSDT") }
    let expected = [decoded(frames[1]), decoded(frames[2])].compactMap { $0 } + rest + [decoded(aggTrade(103, timeMs: 1_004))].compactMap { $0 }
    #expect(expected.count == 5)
    #expect(trades == expected)
    #expect(statistics.snapshot.messages == 6)
    #expect(statistics.snapshot.decodeErrors == 0)
    #expect(statistics.snapshot.connections["replay"]?.lastMessageMs == 2_011)
}

@Test func replay_ofARecordingAtDoubleSpeed_pacesByReceiveTime() async throws {
    let folder = try TemporaryDirectory("pairwatch-replay")
    defer { folder.remove() }
    let path = folder.file("binance.jsonl")
    let recorder = try FrameRecorder(path: path, maxBytes: 1 << 20, logger: LogRecorder().logger)
    // Event times barely move; receive times span 4 s: pacing must follow the receive times.
    for index in 0..<5 { recordFrame(recorder, aggTrade(Int64(index), timeMs: 1_000 + Int64(index)), at: 50_000 + Int64(index) * 1_000) }
    recorder.close()
    let clock = ManualClock(immediate: true)
    let trades = try await replay(path, speed: 2, clock: clock)
    #expect(trades.map(\.tradeID) == [0, 1, 2, 3, 4])
    #expect(clock.now.offset == .milliseconds(2_000))
}

@Test func replay_whenARecordedFrameDoesNotDecode_countsLogsAndSkipsIt() async throws {
    let folder = try TemporaryDirectory("pairwatch-replay")
    defer { folder.remove() }
    let path = folder.file("binance.jsonl")
    let recorder = try FrameRecorder(path: path, maxBytes: 1 << 20, logger: LogRecorder().logger)
    recordFrame(recorder, aggTrade(1, timeMs: 1), at: 10)
    for index in 0..<15 { recordFrame(recorder, #"{"e":"aggTrade","E":1"#, at: 11 + Int64(index)) }
    recordFrame(recorder, aggTrade(2, timeMs: 2), at: 30)
    recorder.close()
    let statistics = FeedStatistics()
    let log = LogRecorder()
    let trades = try await replay(path, statistics: statistics, log: log)
    #expect(trades.map(\.tradeID) == [1, 2])
    #expect(statistics.snapshot.decodeErrors == 15)
    let warnings = log.messages(atLeast: .warning)
    #expect(warnings.count == 11)
    #expect(warnings.first == "replay: recorded frame does not decode, skipped: byte 21: expected ',' or '}', found the end of the frame")
}

@Test func replay_whenARecordedLineIsNotJSON_stopsWithFileLineAndColumn() async throws {
    let folder = try TemporaryDirectory("pairwatch-replay")
    defer { folder.remove() }
    let path = folder.file("binance.jsonl")
    let good = #"{"received_ms":1,"connection":"binance-0","frame":"{\"result\":null,\"id\":1}"}"#
    try (good + "\n\n" + #"{"received_ms":2,"connection" "binance-0"}"# + "\n").write(toFile: path, atomically: true, encoding: .utf8)
    await #expect(throws: (any Error).self) { _ = try await replay(path) }
    do {
        _ = try await replay(path)
    } catch {
        #expect("\(error)" == "\(path):3:31: expected ':', found '\"'")
    }
    try (good + "\n" + #"{"received_ms":2,"frame":"{}"}"#).write(toFile: path, atomically: true, encoding: .utf8)
    do {
        _ = try await replay(path)
        Issue.record("expected an error")
    } catch {
        #expect("\(error)" == "\(path):2:1: expected \"connection\" beside \"frame\" in the recorded line, found none")
    }
}

@Test func replay_ofARecordingLongerThanAChunk_keepsLinesThatSpanChunks() async throws {
    let folder = try TemporaryDirectory("pairwatch-replay")
    defer { folder.remove() }
    let path = folder.file("binance.jsonl")
    let recorder = try FrameRecorder(path: path, maxBytes: 1 << 26, logger: LogRecorder().logger)
    // About 10,000 lines of ~250 bytes: a few 1 MiB chunks, so many lines straddle a chunk boundary.
    for index in 0..<10_000 { recordFrame(recorder, aggTrade(Int64(index), timeMs: Int64(index)), at: Int64(index)) }
    let body = "[" + (10_000..<12_000).map { aggTrade(Int64($0), timeMs: Int64($0)) }.joined(separator: ",") + "]"
    body.utf8CString.withUnsafeBytes {
        recorder.record(restBody: UnsafeRawBufferPointer(rebasing: $0.dropLast()), symbol: "BTCUSDT", receivedMs: 20_000)
    }
    recorder.close()
    let trades = try await replay(path)
    #expect(trades.map(\.tradeID) == Array(0..<12_000))
}
