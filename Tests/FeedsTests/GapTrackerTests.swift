// SPDX-License-Identifier: Apache-2.0
import MarketData
import Testing

@testable import Feeds

private func trade(_ id: Int64, _ symbol: String = "BTCUSDT") -> Trade {
    Trade(symbol: symbol, tradeID: id, timeMs: 1_000 + id, price: 100, quantity: 1, buyerIsMaker: false)
}

/// A stream trade through the tracker (outside `#expect`, which cannot call a mutating method).
private func stream(_ tracker: inout GapTracker, _ id: Int64) -> Bool {
    tracker.acceptStream(symbol: "BTCUSDT", id: id)
}

private func trades(_ ids: ClosedRange<Int64>, _ symbol: String = "BTCUSDT") -> [Trade] {
    ids.map { trade($0, symbol) }
}

@Test func tracker_whenTheStreamIsContiguous_acceptsEveryIdOnceAndFetchesNothing() {
    var tracker = GapTracker(symbols: ["BTCUSDT"], resumeFrom: [:])
    #expect((1...5).map { stream(&tracker, $0) } == [true, true, true, true, true])
    #expect(!stream(&tracker, 5))
    #expect(!stream(&tracker, 3))
    #expect(tracker.nextFetch(symbol: "BTCUSDT") == nil)
    #expect(tracker.symbolsToFetch.isEmpty)
}

@Test func tracker_whenNoIdIsKnown_doesNotCatchUpAfterAConnect() {
    var tracker = GapTracker(symbols: ["BTCUSDT", "ETHUSDT"], resumeFrom: ["ETHUSDT": 70])
    tracker.reconnected(["BTCUSDT", "ETHUSDT"], atMs: 0)
    #expect(tracker.nextFetch(symbol: "BTCUSDT") == nil)
    #expect(tracker.nextFetch(symbol: "ETHUSDT") == 71)
    #expect(tracker.symbolsToFetch == ["ETHUSDT"])
}

@Test func tracker_whenTheNewStreamStartsRightAfterTheLastId_needsNoFetch() {
    var tracker = GapTracker(symbols: ["BTCUSDT"], resumeFrom: ["BTCUSDT": 100])
    tracker.reconnected(["BTCUSDT"], atMs: 0)
    #expect(stream(&tracker, 101))
    #expect(tracker.nextFetch(symbol: "BTCUSDT") == nil)
}

@Test func tracker_whenTheNewStreamStartsLater_fetchesTheRangeBetweenAndNothingTwice() {
    var tracker = GapTracker(symbols: ["BTCUSDT"], resumeFrom: ["BTCUSDT": 100])
    tracker.reconnected(["BTCUSDT"], atMs: 0)
    #expect(stream(&tracker, 150))
    #expect(tracker.states["BTCUSDT"]?.missing == [101...149])
    #expect(tracker.nextFetch(symbol: "BTCUSDT") == 101)
    // REST returns past the hole: the ids the stream delivered are not delivered again.
    let absorbed = tracker.absorb(trades(101...160), symbol: "BTCUSDT", fromId: 101, full: false)
    #expect(absorbed.deliver.map(\.tradeID) == Array(101...149) + Array(151...160))
    #expect(absorbed.lost.isEmpty)
    #expect(tracker.nextFetch(symbol: "BTCUSDT") == nil)
    #expect(!stream(&tracker, 160))
    #expect(stream(&tracker, 161))
}

@Test func tracker_whenCatchingUpOverSeveralPages_pagesUntilAShortPage() {
    var tracker = GapTracker(symbols: ["BTCUSDT"], resumeFrom: ["BTCUSDT": 0])
    tracker.reconnected(["BTCUSDT"], atMs: 0)
    var from = tracker.nextFetch(symbol: "BTCUSDT")
    #expect(from == 1)
    var delivered: [Int64] = []
    var pages = 0
    while let start = from {
        let end = min(start + 9, 25)
        let page = trades(start...end)
        delivered += tracker.absorb(page, symbol: "BTCUSDT", fromId: start, full: page.count == 10).deliver.map(\.tradeID)
        pages += 1
        from = tracker.nextFetch(symbol: "BTCUSDT")
    }
    #expect(delivered == Array(1...25))
    #expect(pages == 3)
    #expect(tracker.states["BTCUSDT"]?.highest == 25)
}

@Test func tracker_whenCaughtUpExactlyAtAFullPage_stopsAtTheEmptyPageAfterIt() {
    var tracker = GapTracker(symbols: ["BTCUSDT"], resumeFrom: ["BTCUSDT": 0])
    tracker.reconnected(["BTCUSDT"], atMs: 0)
    _ = tracker.absorb(trades(1...10), symbol: "BTCUSDT", fromId: 1, full: true)
    #expect(tracker.nextFetch(symbol: "BTCUSDT") == 11)
    let empty = tracker.absorb([], symbol: "BTCUSDT", fromId: 11, full: false)
    #expect(empty.progressed)
    #expect(tracker.nextFetch(symbol: "BTCUSDT") == nil)
}

@Test func tracker_whenAStreamSkipsIds_recordsTheHoleAndFillsItFromALaterStreamTradeOnce() {
    // A rotation's new connection runs ahead of the old one: the old one's trades fill the hole, once.
    var tracker = GapTracker(symbols: ["BTCUSDT"], resumeFrom: [:])
    #expect(stream(&tracker, 10))
    #expect(stream(&tracker, 15))
    #expect(tracker.states["BTCUSDT"]?.missing == [11...14])
    #expect(stream(&tracker, 12))
    #expect(!stream(&tracker, 12))
    #expect(tracker.states["BTCUSDT"]?.missing == [11...11, 13...14])
    #expect(tracker.nextFetch(symbol: "BTCUSDT") == 11)
    let absorbed = tracker.absorb(trades(11...15), symbol: "BTCUSDT", fromId: 11, full: false)
    #expect(absorbed.deliver.map(\.tradeID) == [11, 13, 14])
    #expect(tracker.nextFetch(symbol: "BTCUSDT") == nil)
}

@Test func tracker_whenRESTStartsAfterTheRequestedId_reportsTheOlderIdsLostAndMovesOn() {
    var tracker = GapTracker(symbols: ["BTCUSDT"], resumeFrom: ["BTCUSDT": 100])
    tracker.reconnected(["BTCUSDT"], atMs: 0)
    let absorbed = tracker.absorb(trades(500...520), symbol: "BTCUSDT", fromId: 101, full: false)
    #expect(absorbed.lost == [101...499])
    #expect(absorbed.deliver.map(\.tradeID) == Array(500...520))
    #expect(tracker.nextFetch(symbol: "BTCUSDT") == nil)
    #expect(stream(&tracker, 521))
}

@Test func tracker_whenAHoleIsPartlyOlderThanREST_losesOnlyTheMissingIds() {
    var tracker = GapTracker(symbols: ["BTCUSDT"], resumeFrom: [:])
    _ = tracker.acceptStream(symbol: "BTCUSDT", id: 10)
    _ = tracker.acceptStream(symbol: "BTCUSDT", id: 20)
    _ = tracker.acceptStream(symbol: "BTCUSDT", id: 30)
    #expect(tracker.states["BTCUSDT"]?.missing == [11...19, 21...29])
    let absorbed = tracker.absorb(trades(25...30), symbol: "BTCUSDT", fromId: 11, full: false)
    #expect(absorbed.lost == [11...19, 21...24])
    #expect(absorbed.deliver.map(\.tradeID) == Array(25...29))
    #expect(tracker.states["BTCUSDT"]?.missing == [])
}

@Test func tracker_whenRESTHasNothingForAHoleYet_keepsItAndCanGiveItUp() {
    var tracker = GapTracker(symbols: ["BTCUSDT"], resumeFrom: [:])
    _ = tracker.acceptStream(symbol: "BTCUSDT", id: 1)
    _ = tracker.acceptStream(symbol: "BTCUSDT", id: 5)
    let absorbed = tracker.absorb([], symbol: "BTCUSDT", fromId: 2, full: false)
    #expect(!absorbed.progressed)
    #expect(tracker.nextFetch(symbol: "BTCUSDT") == 2)
    #expect(tracker.giveUp(symbol: "BTCUSDT", range: 2...4) == [2...4])
    #expect(tracker.nextFetch(symbol: "BTCUSDT") == nil)
}

@Test func tracker_removingARange_splitsAndDropsTheRangesItCovers() {
    var ranges: [ClosedRange<Int64>] = [1...5, 8...12, 20...30]
    let removed = GapTracker.remove(4...21, from: &ranges)
    #expect(removed == [4...5, 8...12, 20...21])
    #expect(ranges == [1...3, 22...30])
    var single: [ClosedRange<Int64>] = [1...9]
    #expect(GapTracker.remove(5...5, from: &single) == [5...5])
    #expect(single == [1...4, 6...9])
}

@Test func tracker_whenAConnectionEndsBeforeTheFirstTrade_looksUpTheFirstIdFromTheOpeningAndFetchesFromIt() {
    var tracker = GapTracker(symbols: ["BTCUSDT"], resumeFrom: [:])
    tracker.reconnected(["BTCUSDT"], atMs: 5_000)
    #expect(tracker.startToResolve(symbol: "BTCUSDT") == nil)
    #expect(tracker.symbolsToFetch.isEmpty)
    // The first connection's frames were never read; the next one opens.
    tracker.reconnected(["BTCUSDT"], atMs: 7_000)
    #expect(tracker.startToResolve(symbol: "BTCUSDT") == 5_000)
    #expect(tracker.symbolsToFetch == ["BTCUSDT"])
    tracker.resolveStart(symbol: "BTCUSDT", firstID: 40)
    #expect(tracker.startToResolve(symbol: "BTCUSDT") == nil)
    #expect(tracker.nextFetch(symbol: "BTCUSDT") == 40)
    let absorbed = tracker.absorb(trades(40...44), symbol: "BTCUSDT", fromId: 40, full: false)
    #expect(absorbed.deliver.map(\.tradeID) == Array(40...44))
    #expect(stream(&tracker, 45))
    #expect(tracker.symbolsToFetch.isEmpty)
}

@Test func tracker_whenTheNewStreamDeliversBeforeTheStartIsLookedUp_fetchesTheIdsBeforeItsFirstOnce() {
    var tracker = GapTracker(symbols: ["BTCUSDT"], resumeFrom: [:])
    tracker.reconnected(["BTCUSDT"], atMs: 5_000)
    tracker.reconnected(["BTCUSDT"], atMs: 7_000)
    #expect(stream(&tracker, 60))
    #expect(stream(&tracker, 61))
    #expect(!stream(&tracker, 50), "an id below the first is not known to be missing before the lookup")
    tracker.resolveStart(symbol: "BTCUSDT", firstID: 40)
    #expect(tracker.nextFetch(symbol: "BTCUSDT") == 40)
    let absorbed = tracker.absorb(trades(40...61), symbol: "BTCUSDT", fromId: 40, full: false)
    #expect(absorbed.deliver.map(\.tradeID) == Array(40...59))
    #expect(tracker.symbolsToFetch.isEmpty)
}

@Test func tracker_whenTheFirstConnectionDeliveredATrade_catchesUpByIdAfterAReconnect() {
    var tracker = GapTracker(symbols: ["BTCUSDT"], resumeFrom: [:])
    tracker.reconnected(["BTCUSDT"], atMs: 5_000)
    #expect(stream(&tracker, 60))
    tracker.reconnected(["BTCUSDT"], atMs: 7_000)
    #expect(tracker.nextFetch(symbol: "BTCUSDT") == 61)
    #expect(tracker.startToResolve(symbol: "BTCUSDT") == 5_000, "from the first opening, not the second")
}

@Test func tracker_whenTheFirstConnectionDeliversItsFirstTrade_looksUpTheIdsSinceItOpenedBeforeIt() {
    var tracker = GapTracker(symbols: ["BTCUSDT"], resumeFrom: [:])
    tracker.reconnected(["BTCUSDT"], atMs: 5_000)
    #expect(tracker.startToResolve(symbol: "BTCUSDT") == nil, "nothing to look up before a trade says where the stream starts")
    #expect(stream(&tracker, 60))
    #expect(tracker.startToResolve(symbol: "BTCUSDT") == 5_000)
    #expect(tracker.symbolsToFetch == ["BTCUSDT"])
    tracker.resolveStart(symbol: "BTCUSDT", firstID: 52)
    #expect(tracker.startToResolve(symbol: "BTCUSDT") == nil)
    #expect(tracker.nextFetch(symbol: "BTCUSDT") == 52)
    let absorbed = tracker.absorb(trades(52...60), symbol: "BTCUSDT", fromId: 52, full: false)
    #expect(absorbed.deliver.map(\.tradeID) == Array(52...59))
    #expect(tracker.symbolsToFetch.isEmpty)
}

@Test func tracker_whenTheStreamStartsAtTheFirstTradeSinceTheOpening_fetchesNothing() {
    var tracker = GapTracker(symbols: ["BTCUSDT"], resumeFrom: [:])
    tracker.reconnected(["BTCUSDT"], atMs: 5_000)
    #expect(stream(&tracker, 60))
    tracker.resolveStart(symbol: "BTCUSDT", firstID: 60)
    #expect(tracker.symbolsToFetch.isEmpty)
}

@Test func tracker_whenRESTHasNoTradeSinceTheOpeningYet_looksUpAgainAfterTheFirstTradeAndCanGiveUp() {
    var tracker = GapTracker(symbols: ["BTCUSDT"], resumeFrom: [:])
    tracker.reconnected(["BTCUSDT"], atMs: 5_000)
    tracker.reconnected(["BTCUSDT"], atMs: 7_000)
    #expect(tracker.startToResolve(symbol: "BTCUSDT") == 5_000)
    tracker.resolveStart(symbol: "BTCUSDT", firstID: nil)
    #expect(tracker.startToResolve(symbol: "BTCUSDT") == nil, "no trade yet: the lookup waits for the stream's first")
    #expect(tracker.symbolsToFetch.isEmpty)
    #expect(stream(&tracker, 60))
    #expect(tracker.startToResolve(symbol: "BTCUSDT") == 5_000)
    tracker.resolveStart(symbol: "BTCUSDT", firstID: nil)
    #expect(tracker.startToResolve(symbol: "BTCUSDT") == 5_000, "REST lags the stream: asked again")
    tracker.giveUpStart(symbol: "BTCUSDT")
    #expect(tracker.startToResolve(symbol: "BTCUSDT") == nil)
    #expect(tracker.symbolsToFetch.isEmpty)
}
