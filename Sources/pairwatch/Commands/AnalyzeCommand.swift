// SPDX-License-Identifier: Apache-2.0
import ArgumentParser
import PairStats
import PairWatch

/// `pairwatch analyze`: one-shot pair statistics (hedge ratio, z-score, ADF, cointegration, half-life,
/// correlation) on two price columns of a CSV file or on the stored bars of two symbols, as a table, JSON, or a
/// rolling backtest.
struct AnalyzeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "analyze",
        abstract: "Compute the pair statistics of two price columns in a CSV file, or of two symbols' stored bars.",
        discussion: """
            Give one input: --csv FILE with --a and --b (the file needs a header row), or --storage.path DB with \
            --pair A/B and --timeframe, which reads the closes of both symbols' stored bars at the intervals both \
            have, as the daemon restores a pair, so the numbers are its gauges'. The database is only read. \
            The statistics match statsmodels: OLS or Huber RLM hedge ratio of A on B \
            with an intercept, spread A - beta*B, its z-score, adfuller(regression="c", autolag="AIC"), \
            coint(trend="c"), the half-life of mean reversion in bars and the Pearson correlation. \
            Statistics that cannot be computed are shown as n/a (null in JSON).

            Examples:
              pairwatch analyze --csv closes.csv --a BTCUSDT --b ETHUSDT
              pairwatch analyze --csv closes.csv --a BTC --b ETH --format json
              pairwatch analyze --csv closes.csv --a BTC --b ETH --method ols \\
                --window 500 --zscore-window 60 --rolling > backtest.csv
              pairwatch analyze --storage.path data/pairwatch.db \\
                --pair BTCUSDT/ETHUSDT --timeframe 1m --window 500 --format json

            With --rolling, one row per bar is printed once the window is full (CSV with a header, or JSON lines \
            with --format json): timestamp,hedge_ratio,intercept,spread,zscore,adf_statistic,adf_pvalue,\
            half_life_bars,correlation. In JSON the timestamp is a number when every cell of its column is a number \
            (epoch times, row numbers), else a string (ISO dates); on stored bars it is the bar start in milliseconds \
            since the epoch. Bad input is reported as FILE:LINE:COLUMN on stderr with exit code 1.
            """
    )

    @OptionGroup var config: ConfigOptions

    @Option(name: .customLong("csv"), help: ArgumentHelp("CSV file with a header row.", valueName: "file"))
    var file: String?

    @Option(name: .customLong("a"), help: ArgumentHelp("Column of leg A, the dependent leg (with --csv).", valueName: "column"))
    var a: String?

    @Option(name: .customLong("b"), help: ArgumentHelp("Column of leg B, the hedge leg (with --csv).", valueName: "column"))
    var b: String?

    @Option(help: ArgumentHelp("Timestamp column (default: timestamp, if the file has one; else row numbers).", valueName: "column"))
    var timestamp: String?

    @Option(
        name: .customLong("storage.path"),
        help: ArgumentHelp("SQLite database whose stored bars to analyse (default with --config.file: its storage.path).", valueName: "path"))
    var storagePath: String?

    @Option(help: ArgumentHelp("Symbols of the stored bars: A/B regresses A on B.", valueName: "A/B"))
    var pair: String?

    @Option(help: ArgumentHelp("Timeframe of the stored bars, as configured: 1s, 1m, 5m, 1h", valueName: "timeframe"))
    var timeframe: String?

    @Option(help: "Hedge ratio estimator: ols or huber (default: huber, or the configured pair's).")
    var method: HedgeMethod?

    @Option(
        help: ArgumentHelp(
            "Bars analysed, the last ones: 20 to 20000 (default: the configured pair's window, else all of them, at most 20000).",
            valueName: "n"))
    var window: Int?

    @Option(
        help: ArgumentHelp(
            "Spreads the z-score is measured against (default: the configured pair's, else 100, or the window if shorter).", valueName: "n"))
    var zscoreWindow: Int?

    @Option(help: "Output: table or json.")
    var format: AnalyzeFormat = .table

    @Flag(help: "Run the rolling engine over the series and print one row per bar once the window is full.")
    var rolling = false

    func run() throws {
        // The configuration gives the database when no input is named, and, on stored bars, the settings of the pair
        // if it is configured, so that the numbers are the daemon's gauges without repeating them as flags.
        let configuration = try file == nil && config.path != nil ? config.load() : nil
        let database = storagePath ?? configuration?.storage.path
        let configured = configuration?.pairs.first { "\($0.a)/\($0.b)" == pair }
        let flags = AnalysisFlags(csv: file, a: a, b: b, timestamp: timestamp, database: database, pair: pair, timeframe: timeframe)
        // Everything is computed before anything is printed, so a failure leaves stdout empty.
        let output = try CommandFailure.reporting {
            let request = AnalyzeRequest(
                source: try flags.source(), method: method ?? configured?.method ?? .huber, window: window ?? configured?.window,
                zscoreWindow: zscoreWindow ?? configured?.zscoreWindow, format: format, rolling: rolling)
            return try Analyzer.run(request)
        }
        print(output, terminator: "")
    }
}

extension HedgeMethod: ExpressibleByArgument {}
extension AnalyzeFormat: ExpressibleByArgument {}
