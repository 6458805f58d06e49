// SPDX-License-Identifier: Apache-2.0
import ArgumentParser
import Foundation
import MarketData
import PairWatch
import Pipeline
import Storage

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
        let path = configuration.storage.path
        let database: TradeDatabase
        do {
            database = try TradeDatabase(path: path)
        } catch {
            printError("\(error)")
            throw ExitCode(1)
        }
        let importer = TradeImporter(database: database, timeframes: configuration.timeframes)
        var total = ImportSummary()
        var failed = 0
        let started = ContinuousClock.now
        for file in files {
            let progress = ImportProgress(file: file)
            do {
                let summary = try importer.importFile(file, format: format.fileFormat, symbol: symbol) { progress.update(bytes: $0, rows: $1) }
                progress.finish()
                printError(Self.line(file, summary, seconds: progress.elapsedSeconds))
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

    static func line(_ name: String, _ summary: ImportSummary, seconds: Double) -> String {
        "\(name): \(summary.rowsRead) rows read, \(summary.inserted) inserted, \(summary.duplicates) duplicates, "
            + "\(summary.barsWritten) bars written, " + String(format: "%.2f s", seconds)
    }
}

enum ImportFormat: String, ExpressibleByArgument, CaseIterable {
    case auto, seed, aggtrades, trades

    var fileFormat: TradeFileFormat? { TradeFileFormat(rawValue: rawValue) }
}
