// SPDX-License-Identifier: Apache-2.0
import Foundation
import MarketData
import Storage
import Synchronization

/// What one imported file did to the database.
public struct ImportSummary: Sendable, Equatable {
    public var rowsRead = 0
    public var inserted = 0
    public var duplicates = 0
    public var barsWritten = 0
    /// The format the rows were read as, when they came from a file; the first file's for a total.
    public var format: TradeFileFormat?
    /// Every symbol of the rows read.
    public var symbols: Set<String> = []

    public init() {}

    public static func + (lhs: ImportSummary, rhs: ImportSummary) -> ImportSummary {
        var sum = lhs
        sum.rowsRead += rhs.rowsRead
        sum.inserted += rhs.inserted
        sum.duplicates += rhs.duplicates
        sum.barsWritten += rhs.barsWritten
        sum.format = lhs.format ?? rhs.format
        sum.symbols.formUnion(rhs.symbols)
        return sum
    }
}

/// Imports trade CSV files into the database: each file in one transaction, so a bad row leaves nothing of
/// that file behind, and bars for every configured timeframe rebuilt over the imported range.
public struct TradeImporter: Sendable {
    let database: TradeDatabase
    let timeframes: [Timeframe]
    /// Intervals per symbol and timeframe whose bars are kept in memory before being written.
    var barWindow = ImportBars.defaultWindow

    public init(database: TradeDatabase, timeframes: [Timeframe]) {
        self.database = database
        self.timeframes = timeframes
    }

    /// Imports one file (`-` for standard input). `format` nil detects it from the header and name; `symbol` nil
    /// takes it from a Binance file name. `progress` receives the bytes and rows read so far.
    public func importFile(
        _ path: String, format: TradeFileFormat?, symbol: String?, progress: @escaping @Sendable (Int64, Int) -> Void = { _, _ in }
    ) throws -> ImportSummary {
        try importSource(try TradeSource(path: path), format: format, symbol: symbol, progress: progress)
    }

    /// Imports the bytes of `stream` as one file called `name` (in errors), in one transaction like a file: the
    /// stream's own failure, a bad row or a stall keeps nothing. `format` nil detects it from the first line; rows
    /// of a format without a symbol column need `symbol`.
    public func importStream(_ stream: TradeByteStream, name: String, format: TradeFileFormat?, symbol: String?) throws -> ImportSummary {
        try importSource(TradeSource(stream: stream, name: name), format: format, symbol: symbol) { _, _ in }
    }

    private func importSource(
        _ source: TradeSource, format: TradeFileFormat?, symbol: String?, progress: @escaping @Sendable (Int64, Int) -> Void
    ) throws -> ImportSummary {
        let (timeframes, barWindow) = (timeframes, barWindow)
        // Whatever ends the import, a sender still waiting on the source is let go.
        defer { source.cancel() }
        return try database.importTransaction { transaction in
            var bars = ImportBars(timeframes: timeframes, transaction: transaction, window: barWindow)
            var summary = ImportSummary()
            // Reading and parsing take about a sixth of an import's time (measured with perf); on their own thread
            // they overlap the inserts.
            let channel = TradeBatchChannel(capacity: 4)
            let detected = DetectedFormat()
            Thread { Self.parse(source, format: format, symbol: symbol, into: channel, detected: detected, progress: progress) }.start()
            defer {
                source.cancel()
                channel.cancelAndWait()
            }
            while let batch = try channel.receive() { try Self.insert(batch, transaction, &bars, &summary) }
            summary.barsWritten = try bars.finish()
            summary.format = detected.format
            return summary
        }
    }

    /// Imports trades fetched elsewhere (a REST backfill) in one transaction, with their bars merged into the stored ones.
    public func importTrades(_ trades: [Trade]) throws -> ImportSummary {
        let (timeframes, barWindow) = (timeframes, barWindow)
        return try database.importTransaction { transaction in
            var bars = ImportBars(timeframes: timeframes, transaction: transaction, window: barWindow)
            var summary = ImportSummary()
            try Self.insert(trades, transaction, &bars, &summary)
            summary.barsWritten = try bars.finish()
            return summary
        }
    }

    private static func insert(_ trades: [Trade], _ transaction: ImportTransaction, _ bars: inout ImportBars, _ summary: inout ImportSummary) throws {
        var lastSymbol = ""
        for trade in trades {
            summary.rowsRead += 1
            if trade.symbol != lastSymbol {
                lastSymbol = trade.symbol
                summary.symbols.insert(lastSymbol)
            }
            if try transaction.insert(trade) {
                summary.inserted += 1
                try bars.add(trade)
            } else {
                summary.duplicates += 1
            }
        }
    }

    /// Trades handed over per batch: large enough that the hand-over costs nothing, small enough to stay in cache.
    static let batchSize = 4096

    /// Runs on the parsing thread: reads the file, parses it and sends its trades in batches, then ends the channel
    /// with the error that stopped it, if any.
    private static func parse(
        _ source: TradeSource, format: TradeFileFormat?, symbol: String?, into channel: TradeBatchChannel, detected: DetectedFormat,
        progress: (Int64, Int) -> Void
    ) {
        var parser: TradeCSVParser?
        var batch: [Trade] = []
        var bytes: Int64 = 0
        var rows = 0
        let emit: (Trade) throws -> Void = { trade in
            batch.append(trade)
            if batch.count == batchSize {
                try channel.send(batch)
                rows += batch.count
                batch = []
            }
        }
        do {
            try source.forEachChunk { chunk in
                if parser == nil {
                    parser = try Self.parser(for: chunk, source: source, format: format, symbol: symbol)
                    detected.format = parser?.format
                }
                try parser?.consume(chunk, emit: emit)
                bytes += Int64(chunk.count)
                progress(bytes, rows)
            }
            try parser?.finish(emit: emit)
            if !batch.isEmpty { try channel.send(batch) }
            channel.finish(throwing: nil)
        } catch {
            channel.finish(throwing: error)
        }
    }

    private static func parser(
        for chunk: UnsafeRawBufferPointer, source: TradeSource, format: TradeFileFormat?, symbol: String?
    ) throws -> TradeCSVParser {
        let firstLine = String(decoding: chunk.prefix { $0 != UInt8(ascii: "\n") }, as: UTF8.self)
        guard let format = format ?? TradeFileFormat.detect(fileName: source.name, firstLine: firstLine) else {
            let known = TradeFileFormat.knownNames
            throw ImportError(
                "\(source.path): cannot tell the format from its header or name; known formats: \(known) (use \(source.formatOption))", option: "format")
        }
        let symbol = symbol ?? TradeFileFormat.symbol(fromFileName: source.name)
        // A file without one fails at its first row, naming it; a stream has no name to take one from.
        if symbol == nil, format != .seed, source.isStream {
            throw ImportError("\(source.path): \(format.rawValue) rows name no symbol; give one with \(source.symbolOption)", option: "symbol")
        }
        return TradeCSVParser(file: source.path, format: format, symbol: symbol)
    }
}

/// The format the parsing thread settled on, read by the importing thread once parsing is over.
private final class DetectedFormat: Sendable {
    private let value = Mutex<TradeFileFormat?>(nil)

    var format: TradeFileFormat? {
        get { value.withLock { $0 } }
        set { value.withLock { $0 = newValue } }
    }
}
