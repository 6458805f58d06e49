// SPDX-License-Identifier: Apache-2.0
import MarketData
import NIOCore
import TestSupport
import Testing

@testable import Feeds

private func trade(_ id: Int64, _ symbol: String = "BTCUSDT") -> Trade {
    Trade(symbol: symbol, tradeID: id, timeMs: id, price: 1, quantity: 1, buyerIsMaker: true)
}

private func queue(resumeFrom: [String: Int64] = [:]) -> DeliveryQueue {
    DeliveryQueue(tracker: GapTracker(symbols: ["BTCUSDT", "ETHUSDT"], resumeFrom: resumeFrom))
}

@Test func queue_whenFramesArriveWhileTheHandlerIsBusy_handsThemOverAsOneBatch() async throws {
    let queue = queue()
    queue.offerStream([trade(1)])
    queue.offerStream([trade(2)])
    queue.offerStream([trade(7, "ETHUSDT")])
    queue.offerStream([trade(2)])
    let batch = try await queue.next()
    #expect(batch.map(\.tradeID) == [1, 2, 7])
}

@Test func queue_whenTheConsumerWaits_handsOverTheNextFrameAtOnce() async throws {
    let queue = queue()
    let waiting = Task { try await queue.next() }
    // The consumer may or may not be parked yet; either way it gets exactly this frame.
    await Task.yield()
    queue.offerStream([trade(5)])
    let batch = try await withTimeout(.seconds(60), "the waiting consumer") { try await waiting.value }
    #expect(batch.map(\.tradeID) == [5])
}

@Test func queue_whenCancelledWhileWaiting_throwsCancellation() async throws {
    let queue = queue()
    let waiting = Task { try await queue.next() }
    waiting.cancel()
    await #expect(throws: CancellationError.self) {
        try await withTimeout(.seconds(60), "the cancelled consumer") { try await waiting.value }
    }
}

@Test func queue_whenALateFrameLandsInTheSameBatch_putsEachSymbolInIdOrder() async throws {
    let queue = queue()
    queue.offerStream([trade(10)])
    queue.offerStream([trade(12)])
    queue.offerStream([trade(3, "ETHUSDT")])
    queue.offerStream([trade(11)])
    let batch = try await queue.next()
    #expect(batch.filter { $0.symbol == "BTCUSDT" }.map(\.tradeID) == [10, 11, 12])
    #expect(batch.count == 4)
}

@Test func queue_whenABackfillFillsAHole_queuesOnlyTheMissingTradesAndSignalsTheBackfill() async throws {
    let queue = queue(resumeFrom: ["BTCUSDT": 0])
    queue.reconnected(["BTCUSDT"], atMs: 0)
    var signals = queue.backfillWanted.makeAsyncIterator()
    _ = await signals.next()
    queue.offerStream([trade(4)])
    #expect(queue.nextFetch(symbol: "BTCUSDT") == 1)
    let absorbed = queue.absorb((1...4).map { trade($0) }, symbol: "BTCUSDT", fromId: 1, full: false)
    #expect(absorbed.deliver.map(\.tradeID) == [1, 2, 3])
    #expect(try await queue.next().map(\.tradeID) == [1, 2, 3, 4])
    #expect(queue.symbolsToFetch.isEmpty)
}

@Test func decodeFailureLog_whenFramesFailInABurst_logsOneLinePerIntervalWithTheCount() async throws {
    let clock = ManualClock()
    let log = LogRecorder()
    let failures = DecodeFailureLog(clock: clock, interval: .seconds(10), logger: log.logger)
    let error = BinanceDecodeError(offset: 0, message: "expected '{', found 0xFF")
    for _ in 0..<5 { failures.failed(error, connection: "binance-0", frame: ByteBuffer(string: "garbage")) }
    #expect(log.entries.count == 1)
    #expect(log.entries.first?.metadata["count"] == "1")
    await clock.advance(by: .seconds(9))
    failures.failed(error, connection: "binance-0", frame: ByteBuffer(string: "garbage"))
    #expect(log.entries.count == 1)
    await clock.advance(by: .seconds(1))
    failures.failed(error, connection: "binance-0", frame: ByteBuffer(string: "garbage"))
    #expect(log.entries.count == 2)
    #expect(log.entries.last?.metadata["count"] == "6")
    #expect(log.entries.last?.metadata["frame"] == "garbage")
}

@Test func queue_whenFull_holdsProducersUntilTheHandlerTakesTheBatch() async throws {
    let queue = DeliveryQueue(tracker: GapTracker(symbols: ["BTCUSDT"], resumeFrom: [:]), maxPending: 3)
    queue.offerStream([trade(1)])
    queue.offerStream([trade(2)])
    await queue.waitForRoom()
    queue.offerStream([trade(3)])
    let producer = Task {
        await queue.waitForRoom()
        queue.offerStream([trade(4)])
    }
    for _ in 0..<100 { await Task.yield() }
    let first = try await queue.next()
    #expect(first.map(\.tradeID) == [1, 2, 3])
    try await withTimeout(.seconds(60), "the held producer") { await producer.value }
    #expect(try await queue.next().map(\.tradeID) == [4])
}
