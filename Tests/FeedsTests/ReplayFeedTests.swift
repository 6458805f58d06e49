// SPDX-License-Identifier: Apache-2.0
import Foundation
import MarketData
import Synchronization
import TestSupport
import Testing

@testable import Feeds

private func writeFile(_ name: String, _ text: String, in folder: TemporaryDirectory) throws -> String {
    let path = folder.file(name)
    try text.write(toFile: path, atomically: true, encoding: .utf8)
    return path
}

/// Replays the file on `clock` (an immediate one: pacing moves its time without waiting) and returns every trade.
private func replay(_ path: String, speed: Double, clock: ManualClock) async throws -> [Trade] {
    let received = Mutex<[Trade]>([])
    let feed = ReplayFeed(path: path, speed: speed, clock: clock, logger: LogRecorder().logger) { batch in received.withLock { $0 += batch } }
    try await feed.run()
    return received.withLock { $0 }
}

@Test func replay_whenPacedAtDoubleSpeed_deliversEveryTradeInOrderOverHalfTheEventTime() async throws {
    let rows = (0..<50).map { "\(100 + $0),68000.\($0),0.5,1,1,\(1_700_000_000_000 + Int64($0) * 400),false" }
    let folder = try TemporaryDirectory("pairwatch-replay")
    defer { folder.remove() }
    let path = try writeFile("BTCUSDT-aggTrades-2023-11-14.csv", rows.joined(separator: "\n") + "\n", in: folder)
    let clock = ManualClock(immediate: true)
    let trades = try await replay(path, speed: 2, clock: clock)
    #expect(trades.map(\.tradeID) == Array(100..<150))
    #expect(trades.allSatisfy { $0.symbol == "BTCUSDT" })
    // 49 gaps of 400 ms at speed 2.
    #expect(clock.now.offset == .milliseconds(49 * 200))
}

@Test func replay_whenSpeedIsZero_neverWaits() async throws {
    let folder = try TemporaryDirectory("pairwatch-replay")
    defer { folder.remove() }
    let path = try writeFile("ticks.csv", "timestamp,symbol,price,size\n1000,BTCUSDT,1,1\n900000,ETHUSDT,2,1\n", in: folder)
    let clock = ManualClock(immediate: true)
    let trades = try await replay(path, speed: 0, clock: clock)
    #expect(trades.map(\.symbol) == ["BTCUSDT", "ETHUSDT"])
    #expect(clock.now.offset == .zero)
}

@Test func replay_whenARowIsBad_stopsWithItsPosition() async throws {
    let folder = try TemporaryDirectory("pairwatch-replay")
    defer { folder.remove() }
    let path = try writeFile("ticks.csv", "timestamp,symbol,price,size\n1000,BTCUSDT,1,1\n2000,BTCUSDT,x,1\n", in: folder)
    await #expect(throws: TradeCSVError(file: path, line: 3, column: 14, message: "expected a price above 0, found \"x\"")) {
        _ = try await replay(path, speed: 0, clock: ManualClock(immediate: true))
    }
}

@Test func replay_whenCancelledAtFullSpeed_stopsBeforeTheEndOfTheFile() async throws {
    // Well over one read chunk (1 MiB), so cancellation is seen between chunks.
    let rows = (0..<60_000).map { "\(1_000 + $0),68000.5,0.5,1,1,\(1_700_000_000_000 + Int64($0)),false" }
    let folder = try TemporaryDirectory("pairwatch-replay")
    defer { folder.remove() }
    let path = try writeFile("BTCUSDT-aggTrades-2023-11-14.csv", rows.joined(separator: "\n") + "\n", in: folder)
    let received = Mutex(0)
    let feed = ReplayFeed(path: path, speed: 0, clock: ManualClock(immediate: true), logger: LogRecorder().logger) { batch in
        received.withLock { $0 += batch.count }
        withUnsafeCurrentTask { $0?.cancel() }
    }
    try await feed.run()
    #expect(received.withLock { $0 } > 0)
    #expect(received.withLock { $0 } < rows.count)
}

@Test func replay_whenTheFormatIsUnknown_namesTheFormatsItKnows() async throws {
    let folder = try TemporaryDirectory("pairwatch-replay")
    defer { folder.remove() }
    let path = try writeFile("prices.csv", "a,b,c\n1,2,3\n", in: folder)
    do {
        _ = try await replay(path, speed: 0, clock: ManualClock(immediate: true))
        Issue.record("expected an error")
    } catch {
        #expect("\(error)" == "\(path): not a trade file of a known format (seed, aggtrades, trades)")
    }
}
