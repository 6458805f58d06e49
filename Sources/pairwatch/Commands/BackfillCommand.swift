// SPDX-License-Identifier: Apache-2.0
import ArgumentParser
import PairWatch
import PairWatchConfig

/// `pairwatch backfill`: fetch aggregate trades over Binance REST into the database.
struct BackfillCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "backfill",
        abstract: "Fetch Binance aggregate trades over REST (feed.binance.rest_url) into the database.",
        discussion: """
            Without --from-id or --since each symbol continues from its last stored trade. Trades already stored \
            are skipped and bars are merged into the stored ones, as an import does. REST keeps 48 hours: older ids \
            are reported as gaps, to fill with `pairwatch import` from data.binance.vision aggTrades files.

            Examples:
              pairwatch backfill
              pairwatch backfill --symbol BTCUSDT --from-id 3141966230
              pairwatch backfill --symbol ETHUSDT --since 6h
            """
    )

    @OptionGroup var config: ConfigOptions

    @Option(name: .customLong("storage.path"), help: ArgumentHelp("SQLite database file; overrides storage.path.", valueName: "path"))
    var storagePath: String?

    @Option(help: "Symbol to backfill (repeatable); default: the configured symbols.")
    var symbol: [String] = []

    @Option(name: .customLong("from-id"), help: "First aggregate trade id to fetch (one symbol only).")
    var fromID: Int64?

    @Option(help: ArgumentHelp("Fetch from the first trade this long ago (e.g. 90m, 6h, 2d).", valueName: "duration"))
    var since: String?

    @Option(name: .customLong("to-id"), help: "Last aggregate trade id to fetch; default: until caught up.")
    var toID: Int64?

    @OptionGroup var log: LogOptions

    func validate() throws {
        if fromID != nil, since != nil { throw ValidationError("--from-id and --since: give one of them, not both") }
        if fromID != nil, symbol.count != 1 { throw ValidationError("--from-id: needs exactly one --symbol") }
        if let since, ConfigDuration(since) == nil { throw ValidationError("--since: expected a duration such as 6h, found \"\(since)\"") }
    }

    func run() async throws {
        log.bootstrap()
        let storagePath = storagePath
        let configuration = try config.load { configuration in
            if let storagePath { try configuration.applyStoragePathOverride(storagePath) }
        }
        let symbols = symbol.isEmpty ? configuration.symbols : symbol.map { $0.uppercased() }
        let start: RESTBackfill.Start = fromID.map { .id($0) } ?? since.flatMap(ConfigDuration.init).map { .since($0.duration) } ?? .stored
        let backfill = RESTBackfill(configuration: configuration, clock: ContinuousClock(), nowMs: wallClockMilliseconds)
        let outcomes = try await CommandFailure.reporting { try await backfill.run(symbols: symbols, start: start, untilID: toID) }
        for outcome in outcomes { printError(Self.line(outcome)) }
    }

    static func line(_ outcome: RESTBackfill.Outcome) -> String {
        guard let fromID = outcome.fromID else { return "\(outcome.symbol): no trade in the time asked, nothing fetched" }
        let stored = outcome.stored
        var line = "\(outcome.symbol): \(outcome.fetched.trades) trades fetched from id \(fromID)"
        if let last = outcome.fetched.lastID { line += " to \(last)" }
        line += ", \(stored.inserted) inserted, \(stored.duplicates) duplicates, \(stored.barsWritten) bars written"
        for gap in outcome.fetched.gaps {
            line += "; ids \(gap.lowerBound)...\(gap.upperBound) are older than the REST history (import them from data.binance.vision)"
        }
        return line
    }
}
