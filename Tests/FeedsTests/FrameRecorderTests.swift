// SPDX-License-Identifier: Apache-2.0
import Foundation
import Logging
import MarketData
import TestSupport
import Testing

@testable import Feeds

private func record(_ recorder: FrameRecorder, frame: String, connection: String = "binance-0", at receivedMs: Int64) {
    var text = frame
    text.withUTF8 { recorder.record(frame: UnsafeRawBufferPointer($0), connection: connection, receivedMs: receivedMs) }
}

private func record(_ recorder: FrameRecorder, rest: String, symbol: String, at receivedMs: Int64) {
    var text = rest
    text.withUTF8 { recorder.record(restBody: UnsafeRawBufferPointer($0), symbol: symbol, receivedMs: receivedMs) }
}

private func contents(_ path: String) -> String {
    (try? String(contentsOfFile: path, encoding: .utf8)) ?? ""
}

private func fileSize(_ path: String) -> Int {
    ((try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? Int) ?? -1
}

@Test func recorder_whenFramesAndBodiesAreRecorded_writesOneEscapedJSONLineEach() throws {
    let folder = try TemporaryDirectory("pairwatch-recorder")
    defer { folder.remove() }
    let path = folder.file("binance.jsonl")
    let recorder = try FrameRecorder(path: path, maxBytes: 1 << 20, logger: LogRecorder().logger)
    record(recorder, frame: #"{"result":null,"id":1}"#, at: 1_771_263_510_300)
    record(recorder, frame: "{\"msg\":\"a \\\"b\\\"\nc\t\u{01}é\"}", connection: "binance-1", at: 1_771_263_510_301)
    record(recorder, rest: #"[{"a":1,"p":"1.0","q":"2","T":1,"m":true}]"#, symbol: "BTCUSDT", at: 1_771_263_510_302)
    recorder.close()
    let expected = [
        #"{"received_ms":1771263510300,"connection":"binance-0","frame":"{\"result\":null,\"id\":1}"}"#,
        #"{"received_ms":1771263510301,"connection":"binance-1","frame":"{\"msg\":\"a \\\"b\\\"\nc\t\u0001é\"}"}"#,
        #"{"received_ms":1771263510302,"symbol":"BTCUSDT","rest":"[{\"a\":1,\"p\":\"1.0\",\"q\":\"2\",\"T\":1,\"m\":true}]"}"#,
    ]
    #expect(contents(path) == expected.joined(separator: "\n") + "\n")
}

@Test func recorder_lines_areJSONThatGivesBackTheFrameText() throws {
    let folder = try TemporaryDirectory("pairwatch-recorder")
    defer { folder.remove() }
    let path = folder.file("binance.jsonl")
    let frame = "{\"code\":2,\"msg\":\"quote \\\" backslash \\\\ newline \\n raw\u{7F}\u{1F} 😀\"}"
    let recorder = try FrameRecorder(path: path, maxBytes: 1 << 20, logger: LogRecorder().logger)
    record(recorder, frame: frame, at: 5)
    recorder.close()
    let object = try JSONSerialization.jsonObject(with: Data(contents(path).utf8)) as? [String: Any]
    #expect(object?["frame"] as? String == frame)
    #expect(object?["received_ms"] as? Int == 5)
    #expect(object?["connection"] as? String == "binance-0")
}

@Test func recorder_whenTheCapIsReached_movesTheFileToDot1AndKeepsAtMostTwiceTheCap() throws {
    let folder = try TemporaryDirectory("pairwatch-recorder")
    defer { folder.remove() }
    let path = folder.file("binance.jsonl")
    let maxBytes: Int64 = 400
    let recorder = try FrameRecorder(path: path, maxBytes: maxBytes, logger: LogRecorder().logger)
    let lines = (0..<40).map { #"{"e":"aggTrade","a":\#(1_000 + $0)}"# }
    for (index, line) in lines.enumerated() { record(recorder, frame: line, at: Int64(index)) }
    recorder.close()
    let current = contents(path).split(separator: "\n")
    let previous = contents(path + ".1").split(separator: "\n")
    #expect(fileSize(path) <= Int(maxBytes))
    #expect(fileSize(path + ".1") <= Int(maxBytes))
    #expect(fileSize(path + ".1") > Int(maxBytes) / 2)
    let kept = (previous + current).compactMap { line -> String? in
        guard let item = try? Array(line.utf8).withUnsafeBytes({ try BinanceRecording.parseLine($0) }) else { return nil }
        return String(decoding: item.payload, as: UTF8.self)
    }
    #expect(kept.count == previous.count + current.count)
    #expect(kept == Array(lines.suffix(kept.count)))
    #expect(!FileManager.default.fileExists(atPath: path + ".2"))
}

@Test func recorder_whenALineAloneExceedsTheCap_dropsItAndWarnsOnce() throws {
    let folder = try TemporaryDirectory("pairwatch-recorder")
    defer { folder.remove() }
    let path = folder.file("binance.jsonl")
    let log = LogRecorder()
    let recorder = try FrameRecorder(path: path, maxBytes: 100, logger: log.logger)
    record(recorder, frame: String(repeating: "x", count: 200), at: 1)
    record(recorder, frame: String(repeating: "y", count: 200), at: 2)
    record(recorder, frame: "{}", at: 3)
    recorder.close()
    #expect(contents(path) == #"{"received_ms":3,"connection":"binance-0","frame":"{}"}"# + "\n")
    #expect(log.messages(atLeast: .warning) == ["recording: a line longer than the size cap was dropped (logged once)"])
}

@Test func recorder_buffersLinesUntilASecondOfReceiveTimeHasPassed() throws {
    let folder = try TemporaryDirectory("pairwatch-recorder")
    defer { folder.remove() }
    let path = folder.file("binance.jsonl")
    let recorder = try FrameRecorder(path: path, maxBytes: 1 << 20, logger: LogRecorder().logger)
    defer { recorder.close() }
    record(recorder, frame: "{}", at: 10_000)
    let first = fileSize(path)
    #expect(first > 0)
    record(recorder, frame: "{}", at: 10_500)
    record(recorder, frame: "{}", at: 10_999)
    #expect(fileSize(path) == first)
    record(recorder, frame: "{}", at: 11_000)
    #expect(fileSize(path) == first * 4)
}

@Test func recorder_whileRunning_flushesEverySecondOfItsClock() async throws {
    let folder = try TemporaryDirectory("pairwatch-recorder")
    defer { folder.remove() }
    let path = folder.file("binance.jsonl")
    let recorder = try FrameRecorder(path: path, maxBytes: 1 << 20, logger: LogRecorder().logger)
    record(recorder, frame: "{}", at: 10_000)
    let first = fileSize(path)
    record(recorder, frame: "{}", at: 10_001)
    let clock = ManualClock()
    let flusher = Task { try await recorder.flushPeriodically(every: .seconds(1), clock: clock) }
    try await clock.waitForSleepers(1)
    #expect(fileSize(path) == first)
    await clock.advance(by: .seconds(1))
    try await clock.waitForSleepers(1)
    #expect(fileSize(path) == first * 2)
    flusher.cancel()
    recorder.close()
}

@Test(.enabled(if: FileManager.default.fileExists(atPath: "/dev/full")))
func recorder_whenTheDiskIsFull_logsOnceAndStopsRecording() throws {
    let log = LogRecorder()
    let recorder = try FrameRecorder(path: "/dev/full", maxBytes: 1 << 20, logger: log.logger)
    for index in 0..<5 { record(recorder, frame: "{}", at: Int64(index) * 2_000) }
    recorder.flush()
    recorder.close()
    #expect(log.messages(atLeast: .error) == ["recording stopped: write recording /dev/full: No space left on device"])
}

@Test func recorder_whenTheFolderIsMissing_failsToOpenNamingThePath() throws {
    #expect(throws: RecordingError.self) {
        _ = try FrameRecorder(path: "/nonexistent-pairwatch/binance.jsonl", maxBytes: 1 << 20, logger: LogRecorder().logger)
    }
    do {
        _ = try FrameRecorder(path: "/nonexistent-pairwatch/binance.jsonl", maxBytes: 1 << 20, logger: LogRecorder().logger)
    } catch {
        #expect("\(error)" == "open recording /nonexistent-pairwatch/binance.jsonl: No such file or directory")
    }
}

@Test func recorder_whenTheFileEndsInATornLine_cutsItBeforeAppending() throws {
    let folder = try TemporaryDirectory("pairwatch-recorder")
    defer { folder.remove() }
    let path = folder.file("binance.jsonl")
    let whole = #"{"received_ms":1,"connection":"binance-0","frame":"{}"}"# + "\n"
    try (whole + #"{"received_ms":2,"conn"#).write(toFile: path, atomically: true, encoding: .utf8)
    let recorder = try FrameRecorder(path: path, maxBytes: 1 << 20, logger: LogRecorder().logger)
    record(recorder, frame: "{}", at: 3)
    recorder.close()
    #expect(contents(path) == whole + #"{"received_ms":3,"connection":"binance-0","frame":"{}"}"# + "\n")
}

@Test func recorder_whenConnectionsRecordConcurrently_keepsEveryLineWhole() async throws {
    let folder = try TemporaryDirectory("pairwatch-recorder")
    defer { folder.remove() }
    let path = folder.file("binance.jsonl")
    let recorder = try FrameRecorder(path: path, maxBytes: 1 << 24, logger: LogRecorder().logger)
    await withTaskGroup(of: Void.self) { group in
        for connection in 0..<4 {
            group.addTask {
                for index in 0..<2_000 { record(recorder, frame: #"{"a":\#(index)}"#, connection: "binance-\(connection)", at: Int64(index)) }
            }
        }
    }
    recorder.close()
    let lines = contents(path).split(separator: "\n")
    #expect(lines.count == 8_000)
    let parsed = lines.filter { line in (try? Array(line.utf8).withUnsafeBytes { try BinanceRecording.parseLine($0) }) != nil }
    #expect(parsed.count == 8_000)
}
