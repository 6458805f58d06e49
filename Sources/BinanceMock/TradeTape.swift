// SPDX-License-Identifier: Apache-2.0
import Synchronization

/// A trade as it goes out on a connection: the trade and how its symbol prints.
struct StreamTrade: Sendable {
    var format: SymbolFormat
    var trade: MockTrade
}

/// The whole generated history of every symbol, and who is subscribed to which stream.
///
/// Generation and subscription share one lock, so a new subscriber's stream starts exactly at the next trade
/// generated after it subscribed: no trade of the past is replayed and none is skipped, as on Binance.
final class TradeTape: Sendable {
    private struct Book {
        var generator: TradeGenerator
        var trades: [MockTrade] = []
    }

    private struct Subscriber {
        var streams: [String]
        /// A connection on a path that carries no trades (`/public`, the pre-2026 root paths): acknowledged,
        /// subscribed, and silent, as Binance is.
        let silent: Bool
        let sink: AsyncStream<StreamTrade>.Continuation
    }

    private struct State {
        var books: [String: Book]
        var subscribers: [Int: Subscriber] = [:]
    }

    let symbols: [String]
    private let formats: [String: SymbolFormat]
    private let state: Mutex<State>

    init(_ configuration: MockExchangeConfiguration) {
        symbols = configuration.symbols
        var books: [String: Book] = [:]
        var formats: [String: SymbolFormat] = [:]
        for (index, symbol) in configuration.symbols.enumerated() {
            let price = configuration.startPrice(of: symbol)
            let format = SymbolFormat(symbol: symbol, startPrice: price)
            let seed = configuration.seed &+ 0x9E37_79B9_7F4A_7C15 &* UInt64(index + 1)
            let generator = TradeGenerator(format: format, startID: configuration.startID(of: symbol), startPrice: price, seed: seed)
            books[symbol] = Book(generator: generator)
            formats[format.streamName.lowercased()] = format
        }
        self.formats = formats
        state = Mutex(State(books: books))
    }

    /// The served stream a name refers to (`BTCUSDT@aggtrade` finds `btcusdt@aggTrade`), or `nil`.
    func servedStream(_ name: String) -> String? {
        formats[name.lowercased()]?.streamName
    }

    func format(of symbol: String) -> SymbolFormat? {
        formats[symbol.lowercased() + "@aggtrade"]
    }

    /// Generates `count` trades at `timeMs` for `symbol`, or for every symbol when `nil`, and hands each to the
    /// connections subscribed to its stream.
    func generate(count: Int, symbol: String?, timeMs: Int64) {
        state.withLock { state in
            for name in symbol.map({ [$0] }) ?? symbols {
                guard var book = state.books[name] else { continue }
                let format = book.generator.format
                for _ in 0..<max(0, count) {
                    let trade = book.generator.next(timeMs: timeMs)
                    book.trades.append(trade)
                    for subscriber in state.subscribers.values where !subscriber.silent && subscriber.streams.contains(format.streamName) {
                        subscriber.sink.yield(StreamTrade(format: format, trade: trade))
                    }
                }
                state.books[name] = book
            }
        }
    }

    // MARK: Subscriptions

    func register(connection: Int, silent: Bool, sink: AsyncStream<StreamTrade>.Continuation) {
        state.withLock { $0.subscribers[connection] = Subscriber(streams: [], silent: silent, sink: sink) }
    }

    func remove(connection: Int) {
        state.withLock { $0.subscribers.removeValue(forKey: connection) }?.sink.finish()
    }

    /// Adds streams in request order; a name no symbol serves is kept and carries nothing.
    func subscribe(connection: Int, streams: [String]) {
        state.withLock { state in
            for stream in streams where state.subscribers[connection]?.streams.contains(stream) == false {
                state.subscribers[connection]?.streams.append(stream)
            }
        }
    }

    func unsubscribe(connection: Int, streams: [String]) {
        state.withLock { $0.subscribers[connection]?.streams.removeAll { streams.contains($0) } }
    }

    func subscriptions(connection: Int) -> [String] {
        state.withLock { $0.subscribers[connection]?.streams ?? [] }
    }

    // MARK: History

    func summary() -> [MockState.SymbolState] {
        state.withLock { state in
            symbols.map { symbol in
                let trades = state.books[symbol]?.trades ?? []
                return MockState.SymbolState(symbol: symbol, firstID: trades.first?.id, lastID: trades.last?.id, count: trades.count)
            }
        }
    }

    func generatedIDs(symbol: String) -> ClosedRange<Int64>? {
        state.withLock { state in
            guard let trades = state.books[symbol]?.trades, let first = trades.first, let last = trades.last else { return nil }
            return first.id...last.id
        }
    }

    /// Up to `limit` trades from the first retained id at or after `fromID`; an id older than the retained
    /// window starts at its oldest trade, as Binance's 48-hour cut does.
    func trades(symbol: String, fromID: Int64, limit: Int, retained: Int?) -> [MockTrade] {
        withRetained(symbol, retained) { trades in
            guard let first = trades.first else { return [] }
            let skipped = fromID <= first.id ? 0 : Int(min(fromID - first.id, Int64(trades.count)))
            let start = trades.startIndex + skipped
            return Array(trades[start..<(start + min(limit, trades.endIndex - start))])
        }
    }

    /// Up to `limit` retained trades with `startMs ≤ T ≤ endMs`, oldest first.
    func trades(symbol: String, startMs: Int64, endMs: Int64, limit: Int, retained: Int?) -> [MockTrade] {
        withRetained(symbol, retained) { trades in
            Array(trades.lazy.filter { $0.timeMs >= startMs && $0.timeMs <= endMs }.prefix(limit))
        }
    }

    /// The newest `limit` retained trades, oldest first (the answer without `fromId` or times).
    func latest(symbol: String, limit: Int, retained: Int?) -> [MockTrade] {
        withRetained(symbol, retained) { Array($0.suffix(limit)) }
    }

    private func withRetained(_ symbol: String, _ retained: Int?, _ body: (ArraySlice<MockTrade>) -> [MockTrade]) -> [MockTrade] {
        state.withLock { state in
            let trades = state.books[symbol]?.trades ?? []
            return body(trades.suffix(retained ?? trades.count))
        }
    }
}
