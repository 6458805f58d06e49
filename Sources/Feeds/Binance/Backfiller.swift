// SPDX-License-Identifier: Apache-2.0
import Logging
import MarketData

/// Fills what the streams missed: fetches, one REST page at a time and one symbol after another, whatever the
/// `GapTracker` says is missing, and queues the new trades for the same handler as the streams' trades.
///
/// It asks the tracker what to fetch only once the rate gate would let the call go, so a symbol whose stream has
/// meanwhile shown that nothing is missing costs no call.
struct Backfiller<C: Clock<Duration>>: Sendable {
    let client: AggTradesClient<C>
    let queue: DeliveryQueue
    let statistics: FeedStatistics
    let clock: C
    let logger: Logger
    /// Pages in a row that brought nothing before the first hole of a symbol is given up.
    static var patience: Int { 5 }
    /// The wait after a round in which no page brought anything, so a REST that lags the stream is not hammered.
    static var idleRetry: Duration { .seconds(1) }

    func run() async throws {
        var fruitless: [String: Int] = [:]
        for await _ in queue.backfillWanted {
            while !queue.symbolsToFetch.isEmpty {
                try Task.checkCancellation()
                var progressed = false
                for symbol in queue.symbolsToFetch {
                    switch try await fetchPage(symbol) {
                    case .progressed:
                        progressed = true
                        fruitless[symbol] = 0
                    case .nothing:
                        fruitless[symbol, default: 0] += 1
                        if fruitless[symbol, default: 0] >= Self.patience {
                            giveUpFirstHole(symbol)
                            fruitless[symbol] = 0
                        }
                    case .failed:
                        // REST being down says nothing about whether it has the trades: nothing is given up for it.
                        continue
                    }
                }
                if !progressed { try await clock.sleep(for: Self.idleRetry) }
            }
        }
    }

    private enum PageOutcome {
        case progressed, nothing, failed
    }

    /// Fetches and queues one page of `symbol`.
    private func fetchPage(_ symbol: String) async throws -> PageOutcome {
        await queue.waitForRoom()
        try await client.gate.waitUntilOpen(weight: AggTradesClient<C>.weightPerCall)
        if let startMs = queue.startToResolve(symbol: symbol) { return try await resolveStart(symbol, startMs: startMs) }
        guard let fromId = queue.nextFetch(symbol: symbol) else { return .progressed }
        let page: [Trade]
        do {
            page = try await client.page(symbol: symbol, fromId: fromId)
        } catch {
            try Task.checkCancellation()
            logger.error("binance backfill failed; will try again", metadata: ["symbol": "\(symbol)", "from_id": "\(fromId)", "error": "\(error)"])
            return .failed
        }
        let absorbed = queue.absorb(page, symbol: symbol, fromId: fromId, full: page.count >= client.pageLimit)
        if !absorbed.deliver.isEmpty {
            statistics.backfilled(absorbed.deliver.count, symbol: symbol)
            logger.debug("binance backfill", metadata: ["symbol": "\(symbol)", "from_id": "\(fromId)", "trades": "\(absorbed.deliver.count)"])
        }
        report(lost: absorbed.lost, symbol: symbol)
        return absorbed.progressed ? .progressed : .nothing
    }

    /// Looks up the first id of `symbol` at or after `startMs`, from which its trades are then fetched.
    private func resolveStart(_ symbol: String, startMs: Int64) async throws -> PageOutcome {
        let firstID: Int64?
        do {
            firstID = try await client.firstID(symbol: symbol, atOrAfterMs: startMs)
        } catch {
            try Task.checkCancellation()
            logger.error("binance start lookup failed; will try again", metadata: ["symbol": "\(symbol)", "since_ms": "\(startMs)", "error": "\(error)"])
            return .failed
        }
        queue.resolveStart(symbol: symbol, firstID: firstID)
        logger.debug(
            "binance first trade since the first connection opened",
            metadata: ["symbol": "\(symbol)", "since_ms": "\(startMs)", "first_id": "\(firstID.map(String.init) ?? "none")"])
        // None yet although the stream delivered one: REST lags, so ask again (and give up after `patience` tries).
        return firstID != nil || queue.startToResolve(symbol: symbol) == nil ? .progressed : .nothing
    }

    /// REST keeps returning nothing for the first hole of `symbol` (or for its start): its ids are not to be had there.
    private func giveUpFirstHole(_ symbol: String) {
        if let startMs = queue.startToResolve(symbol: symbol) {
            queue.giveUpStart(symbol: symbol)
            logger.warning(
                "binance REST has no trade since the first connection opened; keeping trades from the first one received",
                metadata: ["symbol": "\(symbol)", "since_ms": "\(startMs)"])
            return
        }
        guard let hole = queue.firstHole(symbol: symbol) else { return }
        let lost = queue.giveUp(symbol: symbol, range: hole)
        logger.warning("binance REST does not return these trades; giving up", metadata: ["symbol": "\(symbol)", "ids": "\(hole)"])
        report(lost: lost, symbol: symbol)
    }

    private func report(lost: [ClosedRange<Int64>], symbol: String) {
        for range in lost {
            statistics.gap(symbol: symbol)
            logger.warning("\(AggTradesClient<C>.gapMessage(symbol: symbol, lost: range))")
        }
    }
}
