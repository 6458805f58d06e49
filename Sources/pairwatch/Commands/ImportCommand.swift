// SPDX-License-Identifier: Apache-2.0
import ArgumentParser
import Foundation
import MarketData
import PairWatch
import Pipeline
import Storage
import Synchronization

/// `pairwatch import`: load trade CSV files into the database and build their bars.
struct ImportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Import trade CSV files (seed ticks, Binance aggTrades or trades, .zip as downloaded) into the database.",
        discussion: """
            Each file is imported in one transaction: a bad row aborts that file and keeps nothing of it; the other \
            files are imported. Trades already stored are skipped, so importing a file twice inserts nothing the \
            second time. Bars are then built for every configured timeframe over the imported range.

            Examples:
              pairwatch import BTCUSDT-aggTrades-2024-01-01.zip
              pairwatch import --storage.path data/p.db ETHUSDT-trades-2024-01-01.zip
              zcat ticks.csv.gz | pairwatch import --format seed -
            """
    )

    @OptionGroup var config: ConfigOptions

    @Option(name: .customLong("storage.path"), help: ArgumentHelp("SQLite database file; overrides storage.path.", valueName: "path"))
    var storagePath: String?

    @Option(help: "Symbol of Binance files whose name does not start with it.")
    var symbol: String?

    @Option(help: "File format: auto, seed, aggtrades or trades.")
    var format: ImportFormat = .auto

    @Argument(help: ArgumentHelp("Trade files; - reads standard input.", valueName: "file"))
    var files: [String]

    func run() throws {
        let configuration = try config.load { configuration in
            if let storagePath { try configuration.applyStoragePathOverride(storagePath) }
        }
        let database = try CommandFailure.reporting { try TradeDatabase(path: configuration.storage.path) }
        let importer = TradeImporter(database: database, timeframes: configuration.timeframes)
        var total = ImportSummary()
        var failed = 0
        let started = ContinuousClock.now
        for file in files {
            let progress = ImportProgress(file: file)
            let bytesRead = BytesRead()
            do {
                let summary = try importer.importFile(file, format: format.fileFormat, symbol: symbol) { bytes, rows in
                    progress.update(bytes: bytes, rows: rows)
                    bytesRead.set(bytes)
                }
                progress.finish()
                let empty = summary.rowsRead == 0 ? Self.nothingImported(file, bytesRead: bytesRead.current) : nil
                printError(empty ?? Self.line(file, summary, seconds: progress.elapsedSeconds))
                total = total + summary
            } catch {
                progress.finish()
                printError("\(error)")
                failed += 1
            }
        }
        let elapsed = started.duration(to: .now)
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        if files.count > 1 { printError(Self.line("total", total, seconds: seconds)) }
        if failed > 0 { throw ExitCode(1) }
    }

    /// Why a file gave no rows: it is empty, or holds only a header or blank lines. Nothing is wrong in the
    /// database, so the exit code stays 0, but a file that was meant to hold trades is worth saying so.
    static func nothingImported(_ name: String, bytesRead: Int64) -> String {
        bytesRead == 0 ? "\(name): empty file, nothing imported" : "\(name): no trade rows (only a header or blank lines), nothing imported"
    }

    static func line(_ name: String, _ summary: ImportSummary, seconds: Double) -> String {
        "\(name): \(summary.rowsRead) rows read, \(summary.inserted) inserted, \(summary.duplicates) duplicates, "
            + "\(summary.barsWritten) bars written, " + String(format: "%.2f s", seconds)
    }
}

/// The bytes of a file read so far, handed from the parsing thread's progress callback to the summary.
private final class BytesRead: Sendable {
    private let value = Mutex<Int64>(0)

    func set(_ bytes: Int64) { value.withLock { $0 = bytes } }

    var current: Int64 { value.withLock { $0 } }
}

enum ImportFormat: String, ExpressibleByArgument, CaseIterable {
    case auto, seed, aggtrades, trades

    var fileFormat: TradeFileFormat? { TradeFileFormat(rawValue: rawValue) }
}
