// SPDX-License-Identifier: Apache-2.0
import MarketData
import Pipeline
import Storage

/// `pairwatch analyze --storage.path`: the two legs' stored closes, read and aligned as the daemon's pair monitor
/// restores an engine (``TradeDatabase/closes(symbol:timeframe:count:)``, then ``PairMonitor/align(_:_:)``), so the
/// last `window` rows are the window a configured pair holds and the statistics are the gauges' numbers.
extension PriceSeries {
    /// Every stored interval both symbols have a `timeframe` bar for, oldest first, timestamped with the bar start in
    /// milliseconds. The database is opened read-only: analysing never creates, migrates or changes it.
    static func read(database path: String, a: String, b: String, timeframe: Timeframe) throws(AnalysisError) -> PriceSeries {
        // Checked here too, so a missing database reads like any missing file: `PATH: no such file`.
        do throws(FileAccessError) {
            try FileAccess.checkReadable(path)
        } catch {
            throw .unreadable(path, error.reason)
        }
        let legs: (a: [BarClose], b: [BarClose])
        do {
            let database = try TradeDatabase(readingExisting: path)
            legs = (
                try database.closes(symbol: a, timeframe: timeframe, count: nil), try database.closes(symbol: b, timeframe: timeframe, count: nil)
            )
        } catch let error as StorageError {
            throw .storage("\(error)")
        } catch {
            throw .storage("read database \(path): \(error)")
        }
        for (symbol, closes) in [(a, legs.a), (b, legs.b)] where closes.isEmpty {
            throw .noBars(path, symbol: symbol, timeframe: timeframe)
        }
        let aligned = PairMonitor.align(legs.a, legs.b)
        return PriceSeries(timestamps: aligned.map { String($0.startMs) }, a: aligned.map(\.a), b: aligned.map(\.b))
    }
}
