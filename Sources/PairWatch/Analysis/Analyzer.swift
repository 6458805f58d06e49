// SPDX-License-Identifier: Apache-2.0
import PairStats

/// Output format of `pairwatch analyze`.
public enum AnalyzeFormat: String, Sendable, CaseIterable {
    case table
    case json
}

/// One `pairwatch analyze` invocation.
public struct AnalyzeRequest: Sendable, Equatable {
    public var source: AnalysisSource
    public var method: HedgeMethod
    /// Bars analysed (the last ones); nil means every row, at most the largest window (20,000).
    public var window: Int?
    /// Z-score window; nil means 100, or the window when that is shorter.
    public var zscoreWindow: Int?
    public var format: AnalyzeFormat
    /// One row per bar from the rolling engine instead of one summary.
    public var rolling: Bool

    public init(
        source: AnalysisSource, method: HedgeMethod = .huber, window: Int? = nil, zscoreWindow: Int? = nil, format: AnalyzeFormat = .table,
        rolling: Bool = false
    ) {
        self.source = source
        self.method = method
        self.window = window
        self.zscoreWindow = zscoreWindow
        self.format = format
        self.rolling = rolling
    }

    /// Two columns of the CSV file `file`; `timestamp` nil uses `timestamp` when the file has it, else row numbers.
    public init(
        file: String, a: String, b: String, timestamp: String? = nil, method: HedgeMethod = .huber, window: Int? = nil,
        zscoreWindow: Int? = nil, format: AnalyzeFormat = .table, rolling: Bool = false
    ) {
        self.init(
            source: .csv(file: file, a: a, b: b, timestamp: timestamp), method: method, window: window, zscoreWindow: zscoreWindow,
            format: format, rolling: rolling)
    }
}

/// Runs `pairwatch analyze`: reads the two series, computes the statistics and renders them.
public enum Analyzer {
    public static let defaultZScoreWindow = 100

    /// The complete standard output of the command.
    public static func run(_ request: AnalyzeRequest) throws(AnalysisError) -> String {
        try render(try request.source.read(), request)
    }

    /// Renders already-read series (the source in `request` is only used in messages).
    public static func render(_ series: PriceSeries, _ request: AnalyzeRequest) throws(AnalysisError) -> String {
        let configuration = try configuration(request, rows: series.a.count)
        let window = configuration.window
        let a = Array(series.a.suffix(window)), b = Array(series.b.suffix(window))
        // A rolling run only needs some window to vary; a summary needs its own window to.
        let checked = request.rolling ? (a: series.a, b: series.b) : (a: a, b: b)
        let source = request.source
        if AnalysisInput.isConstant(checked.b) { throw source.constant(source.b, rows: checked.b.count) }
        if AnalysisInput.isConstant(checked.a) { throw source.constant(source.a, rows: checked.a.count) }
        if request.rolling { return RollingReport.render(series, configuration: configuration, format: request.format) }
        let snapshot = PairAnalysis.snapshot(a: a, b: b, configuration: configuration)
        let report = AnalysisReport(snapshot: snapshot, configuration: configuration)
        return request.format == .json ? report.json() + "\n" : report.table(a: source.a, b: source.b, origin: source.origin)
    }

    /// The configuration a daemon pair with the same settings gets: the user limits of `PairConfiguration`.
    static func configuration(_ request: AnalyzeRequest, rows: Int) throws(AnalysisError) -> PairConfiguration {
        let limits = PairConfiguration.windowLimits
        guard rows >= limits.lowerBound else { throw request.source.tooFewRows(rows, needed: limits.lowerBound) }
        // Every row by default, or the last rows when there are more than the largest window.
        let window = request.window ?? min(rows, limits.upperBound)
        let zscoreWindow = request.zscoreWindow ?? min(defaultZScoreWindow, window)
        let configuration: PairConfiguration
        do {
            configuration = try PairConfiguration.checked(window: window, zscoreWindow: zscoreWindow, method: request.method)
        } catch {
            throw .flag("\(error.key == .window ? "--window" : "--zscore-window"): \(error.message)")
        }
        guard window <= rows else { throw request.source.windowLargerThanRows(window, rows: rows) }
        return configuration
    }
}

enum AnalysisInput {
    static func isConstant(_ values: [Double]) -> Bool {
        guard let first = values.first else { return true }
        return !values.contains { $0 != first }
    }
}
