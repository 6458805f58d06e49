// SPDX-License-Identifier: Apache-2.0
import MarketData
import Synchronization

/// Per-symbol ingest state: trades seen, last price and last trade time, fed by the pipeline for every trade of every
/// source and read by the exporter at each scrape.
///
/// "Last" means the trade with the highest event time seen, so an out-of-order trade does not move them backwards. A
/// symbol appears once its first trade arrives.
public final class SymbolStatistics: Sendable {
    public struct Symbol: Sendable, Equatable {
        public var trades: UInt64 = 0
        public var lastPrice: Double = 0
        public var lastTimeMs: Int64 = .min

        mutating func add(_ trade: Trade) {
            trades += 1
            if trade.timeMs >= lastTimeMs {
                lastTimeMs = trade.timeMs
                lastPrice = trade.price
            }
        }
    }

    private let states = Mutex<[String: Symbol]>([:])

    public init() {}

    /// Every symbol seen so far, by name.
    public var snapshot: [String: Symbol] { states.withLock { $0 } }

    public func record(_ trades: some Sequence<Trade>) {
        states.withLock { states in
            // Changed in place: one lookup of the symbol per trade rather than a read and a write.
            for trade in trades { states[trade.symbol, default: Symbol()].add(trade) }
        }
    }
}

/// Bars the live resampler closed, per timeframe, and trades that arrived after their bar had closed.
public final class ResamplerStatistics: Sendable {
    public struct Snapshot: Sendable, Equatable {
        /// Bars closed per timeframe name; every configured timeframe is present from the start, at 0.
        public var bars: [String: UInt64]
        public var lateTrades: UInt64 = 0
        /// Close of the latest closed bar, by symbol and then timeframe name.
        public var lastCloses: [String: [String: Double]] = [:]
    }

    private let state: Mutex<Snapshot>

    public init(timeframes: [Timeframe]) {
        state = Mutex(Snapshot(bars: Dictionary(uniqueKeysWithValues: timeframes.map { ($0.name, 0) })))
    }

    public var snapshot: Snapshot { state.withLock { $0 } }

    func record(_ output: Resampler.Output) {
        state.withLock { state in
            for bar in output.closed { state.bars[bar.timeframe.name, default: 0] += 1 }
            state.lateTrades += UInt64(output.late.count)
            for bar in output.closed { state.lastCloses[bar.symbol, default: [:]][bar.timeframe.name] = bar.close }
        }
    }

    /// The last stored bars a pipeline continues from; a series that has closed a bar since keeps its own close (a
    /// reload seeds every symbol, and the stored bar may be older than the one just closed).
    func seed(_ bars: [Bar]) {
        state.withLock { state in
            for bar in bars where state.lastCloses[bar.symbol]?[bar.timeframe.name] == nil {
                state.lastCloses[bar.symbol, default: [:]][bar.timeframe.name] = bar.close
            }
        }
    }

    /// After a reload: a removed timeframe's closes disappear, an added one is exported from 0.
    func track(_ timeframes: [Timeframe]) {
        let names = Set(timeframes.map(\.name))
        state.withLock { state in
            for name in names where state.bars[name] == nil { state.bars[name] = 0 }
            for symbol in Array(state.lastCloses.keys) { state.lastCloses[symbol] = state.lastCloses[symbol]?.filter { names.contains($0.key) } }
        }
    }

    /// Forgets the closes of symbols no longer ingested.
    func retain(symbols: Set<String>) {
        state.withLock { state in state.lastCloses = state.lastCloses.filter { symbols.contains($0.key) } }
    }
}
