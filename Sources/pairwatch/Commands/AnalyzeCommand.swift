// SPDX-License-Identifier: Apache-2.0
import ArgumentParser
import PairStats
import PairWatch

/// `pairwatch analyze`: one-shot pair statistics (hedge ratio, z-score, ADF, cointegration, half-life,
/// correlation) on two price columns of a CSV file, as a table, JSON, or a rolling backtest.
struct AnalyzeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "analyze",
        abstract: "Compute the pair statistics of two price columns in a CSV file.",
        discussion: """
            The file needs a header row. The statistics match statsmodels: OLS or Huber RLM hedge ratio of A on B \
            with an intercept, spread A - beta*B, its z-score, adfuller(regression="c", autolag="AIC"), \
            coint(trend="c"), the half-life of mean reversion in bars and the Pearson correlation. \
            Statistics that cannot be computed are shown as n/a (null in JSON).

            Examples:
              pairwatch analyze --csv closes.csv --a BTCUSDT --b ETHUSDT
              pairwatch analyze --csv closes.csv --a BTC --b ETH --format json
              pairwatch analyze --csv closes.csv --a BTC --b ETH --method ols \\
                --window 500 --zscore-window 60 --rolling > backtest.csv

            With --rolling, one row per bar is printed once the window is full (CSV with a header, or JSON lines \
            with --format json): timestamp,hedge_ratio,intercept,spread,zscore,adf_statistic,adf_pvalue,\
            half_life_bars,correlation. In JSON the timestamp is a number when every cell of its column is a number \
            (epoch times, row numbers), else a string (ISO dates). Bad input is reported as FILE:LINE:COLUMN on \
            stderr with exit code 1.
            """
    )

    @Option(name: .customLong("csv"), help: ArgumentHelp("CSV file with a header row.", valueName: "file"))
    var file: String

    @Option(name: .customLong("a"), help: ArgumentHelp("Column of leg A, the dependent leg.", valueName: "column"))
    var a: String

    @Option(name: .customLong("b"), help: ArgumentHelp("Column of leg B, the hedge leg.", valueName: "column"))
    var b: String

    @Option(help: ArgumentHelp("Timestamp column (default: timestamp, if the file has one; else row numbers).", valueName: "column"))
    var timestamp: String?

    @Option(help: "Hedge ratio estimator: ols or huber.")
    var method: HedgeMethod = .huber

    @Option(help: ArgumentHelp("Bars analysed, the last ones in the file: 20 to 20000 (default: all rows, at most 20000).", valueName: "n"))
    var window: Int?

    @Option(help: ArgumentHelp("Spreads the z-score is measured against (default: 100, or the window if shorter).", valueName: "n"))
    var zscoreWindow: Int?

    @Option(help: "Output: table or json.")
    var format: AnalyzeFormat = .table

    @Flag(help: "Run the rolling engine over the file and print one row per bar once the window is full.")
    var rolling = false

    func run() throws {
        let request = AnalyzeRequest(
            file: file, a: a, b: b, timestamp: timestamp, method: method, window: window, zscoreWindow: zscoreWindow,
            format: format, rolling: rolling)
        // Everything is computed before anything is printed, so a failure leaves stdout empty.
        print(try CommandFailure.reporting { try Analyzer.run(request) }, terminator: "")
    }
}

extension HedgeMethod: ExpressibleByArgument {}
extension AnalyzeFormat: ExpressibleByArgument {}
