// SPDX-License-Identifier: Apache-2.0
import Foundation
import Logging
import MarketData
import Storage
import TestSupport

/// Closes of one symbol's bars by interval start, as a test wrote them to a database.
typealias StoredCloses = [Int64: Double]

/// Writes bars with the given closes through Storage's public API (the batch writer the daemon uses), then closes
/// the database.
func storeBars(_ closes: [String: StoredCloses], timeframe: Timeframe, in path: String) throws {
    let database = try TradeDatabase(path: path)
    let writer = BatchWriter(
        database: database, statistics: StorageStatistics(), batchSize: 1_000, interval: .seconds(1), clock: ContinuousClock(),
        logger: Logger(label: "test"))
    var bars: [Bar] = []
    for (symbol, series) in closes {
        for (start, close) in series {
            bars.append(
                Bar(symbol: symbol, timeframe: timeframe, startMs: start, open: close, high: close, low: close, close: close, volume: 1, trades: 1))
        }
    }
    writer.submit(bars: bars)
    guard writer.flush() else { throw WaitError(description: "the batch writer could not commit the bars") }
}

/// The intervals both legs have, oldest first: computed here by set intersection, independently of the code
/// under test.
func alignedCloses(_ a: StoredCloses, _ b: StoredCloses) -> (starts: [Int64], a: [Double], b: [Double]) {
    let starts = Set(a.keys).intersection(b.keys).sorted()
    return (starts, starts.compactMap { a[$0] }, starts.compactMap { b[$0] })
}

/// A cointegrated pair of 1m close series with gaps: `a = 3 + 1.5 b + AR(1) noise`, `b` a random walk. `a` starts
/// `lead` bars before `b` and each leg misses some intervals the other has, so aligning them matters.
func cointegratedCloses(bars: Int, lead: Int = 5, startMs: Int64, seed: UInt64) -> (a: StoredCloses, b: StoredCloses) {
    var random = SplitMix64(seed: seed)
    var a: StoredCloses = [:], b: StoredCloses = [:]
    var level = 100.0, noise = 0.0
    for i in -lead..<bars {
        level += Double.random(in: -0.5...0.5, using: &random)
        noise = 0.5 * noise + Double.random(in: -0.4...0.4, using: &random)
        let start = startMs + Int64(i) * 60_000
        if i % 41 != 7 { a[start] = ((3 + 1.5 * level + noise) * 10_000).rounded() / 10_000 }
        if i >= 0, i % 37 != 5 { b[start] = (level * 10_000).rounded() / 10_000 }
    }
    return (a, b)
}

/// Whether two optional statistics agree: both absent, or both present and equal to a relative `tolerance`.
func agree(_ x: Double?, _ y: Double?, tolerance: Double = 1e-9) -> Bool {
    guard let x, let y else { return x == nil && y == nil }
    return abs(x - y) <= tolerance * max(abs(x), abs(y)) || x == y
}

/// Seed-format trades (`timestamp,symbol,price,size`) of a cointegrated pair AAAUSDT/BBBUSDT over `minutes`
/// minutes from `startMs`: a few trades per symbol and minute, and some quiet minutes (carried bars).
func replayTrades(minutes: Int, startMs: Int64, seed: UInt64) -> (text: String, lastMs: Int64) {
    var random = SplitMix64(seed: seed)
    var level = 100.0, noise = 0.0
    var trades: [(ms: Int64, row: String)] = []
    for minute in 0..<minutes {
        for _ in 0..<4 {
            level += Double.random(in: -0.3...0.3, using: &random)
            noise = 0.5 * noise + Double.random(in: -0.3...0.3, using: &random)
            // BBBUSDT is quiet every 13th minute, so the daemon stores a carried bar for it.
            let legs = [("AAAUSDT", 3 + 1.5 * level + noise)] + (minute % 13 == 6 ? [] : [("BBBUSDT", level)])
            for (symbol, price) in legs where minute == 0 || random.next() % 8 != 0 {
                let ms = startMs + Int64(minute) * 60_000 + Int64(random.next() % 60_000)
                let size = String(format: "%.3f", 0.001 + Double(random.next() % 1_000) / 100)
                trades.append((ms, "\(ms),\(symbol),\(String(format: "%.4f", price)),\(size)"))
            }
        }
    }
    trades.sort { $0.ms < $1.ms }
    return ("timestamp,symbol,price,size\n" + trades.map(\.row).joined(separator: "\n") + "\n", trades.last?.ms ?? startMs)
}
