// SPDX-License-Identifier: Apache-2.0
import PairStats

/// Output format of `pairwatch analyze`.
public enum AnalyzeFormat: String, Sendable, CaseIterable {
    case table
    case json
}

/// One `pairwatch analyze` invocation.
public struct AnalyzeRequest: Sendable, Equatable {
    public var file: String
    public var a: String
    public var b: String
    /// Timestamp column; nil uses `timestamp` when the file has it, else row numbers.
    public var timestamp: String?
    public var method: HedgeMethod
    /// Bars analysed (the last ones); nil means every row, at most the largest window (20,000).
    public var window: Int?
    /// Z-score window; nil means 100, or the window when that is shorter.
    public var zscoreWindow: Int?
    public var format: AnalyzeFormat
    /// One row per bar from the rolling engine instead of one summary.
    public var rolling: Bool

    public init(
        file: String, a: String, b: String, timestamp: String? = nil, method: HedgeMethod = .huber, window: Int? = nil,
        zscoreWindow: Int? = nil, format: AnalyzeFormat = .table, rolling: Bool = false
    ) {
        self.file = file
        self.a = a
        self.b = b
        self.timestamp = timestamp
        self.method = method
        self.window = window
        self.zscoreWindow = zscoreWindow
        self.format = format
        self.rolling = rolling
    }
}

/// Runs `pairwatch analyze`: reads the two series, computes the statistics and renders them.
public enum Analyzer {
    public static let defaultZScoreWindow = 100

    /// The complete standard output of the command.
    public static func run(_ request: AnalyzeRequest) throws(AnalysisError) -> String {
        let series = try PairSeries.read(file: request.file, a: request.a, b: request.b, timestamp: request.timestamp)
        return try render(series, request)
    }

    /// Renders already-read series (the file name in `request` is only used in messages).
    public static func render(_ series: PairSeries, _ request: AnalyzeRequest) throws(AnalysisError) -> String {
        let configuration = try configuration(request, rows: series.a.count)
        let window = configuration.window
        let a = Array(series.a.suffix(window)), b = Array(series.b.suffix(window))
        // A rolling run only needs some window to vary; a summary needs its own window to.
        let checked = request.rolling ? (a: series.a, b: series.b) : (a: a, b: b)
        if AnalysisInput.isConstant(checked.b) { throw .constant(request.file, column: request.b, rows: checked.b.count) }
        if AnalysisInput.isConstant(checked.a) { throw .constant(request.file, column: request.a, rows: checked.a.count) }
        if request.rolling { return RollingReport.render(series, configuration: configuration, format: request.format) }
        let snapshot = PairAnalysis.snapshot(a: a, b: b, configuration: configuration)
        let report = AnalysisReport(snapshot: snapshot, configuration: configuration)
        return request.format == .json ? report.json() + "\n" : report.table(a: request.a, b: request.b, file: request.file)
    }

    /// The configuration a daemon pair with the same settings gets: the user limits of `PairConfiguration`.
    static func configuration(_ request: AnalyzeRequest, rows: Int) throws(AnalysisError) -> PairConfiguration {
        let limits = PairConfiguration.windowLimits
        guard rows >= limits.lowerBound else { throw .tooFewRows(request.file, rows: rows, needed: limits.lowerBound) }
        // Every row by default, or the last rows when there are more than the largest window.
        let window = request.window ?? min(rows, limits.upperBound)
        let zscoreWindow = request.zscoreWindow ?? min(defaultZScoreWindow, window)
        let configuration: PairConfiguration
        do {
            configuration = try PairConfiguration.checked(window: window, zscoreWindow: zscoreWindow, method: request.method)
        } catch {
            throw .flag("\(error.key == .window ? "--window" : "--zscore-window"): \(error.message)")
        }
        guard window <= rows else { throw .windowLargerThanRows(request.file, window: window, rows: rows) }
        return configuration
    }
}

enum AnalysisInput {
    static func isConstant(_ values: [Double]) -> Bool {
        guard let first = values.first else { return true }
        return !values.contains { $0 != first }
    }
}
