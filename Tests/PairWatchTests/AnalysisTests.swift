// SPDX-License-Identifier: Apache-2.0
import Foundation
import PairStats
import TestSupport
import Testing

@testable import PairWatch

/// A cointegrated pair with timestamps, deterministic so outputs can be compared with the library.
private func samplePair(rows: Int = 300) -> (csv: String, a: [Double], b: [Double]) {
    var a: [Double] = [], b: [Double] = []
    var level = 100.0, noise = 0.0
    var csv = "timestamp,BTC,ETH\n"
    for i in 0..<rows {
        level += sin(Double(i) * 0.37) + 0.5 * cos(Double(i * i) * 0.11)
        noise = 0.6 * noise + sin(Double(i) * 1.7 + 0.3) * 0.8
        b.append((level * 1000).rounded() / 1000)
        a.append(((3 + 1.5 * level + noise) * 1000).rounded() / 1000)
        csv += "\(1_700_000_000_000 + i * 60_000),\(a[i]),\(b[i])\n"
    }
    return (csv, a, b)
}

private func request(_ file: String = "pair.csv", window: Int? = nil, format: AnalyzeFormat = .json, rolling: Bool = false) -> AnalyzeRequest {
    AnalyzeRequest(file: file, a: "BTC", b: "ETH", window: window, format: format, rolling: rolling)
}

private func parse(_ csv: String, timestamp: String? = nil) throws -> PriceSeries {
    try PriceSeries.parse(csv, file: "pair.csv", a: "BTC", b: "ETH", timestamp: timestamp)
}

@Suite struct AnalysisTests {
    @Test func analyzer_whenJSON_printsTheDocumentedKeysInOrder() throws {
        let sample = samplePair()
        let output = try Analyzer.render(try parse(sample.csv), request())
        let keys = ["method", "window", "zscore_window", "samples", "hedge_ratio", "intercept", "spread_last", "zscore_last", "adf",
                    "half_life_bars", "coint", "correlation"]
        var position = output.startIndex
        for key in keys {
            let range = try #require(output.range(of: "\"\(key)\":", range: position..<output.endIndex), "key \(key) missing or out of order")
            position = range.upperBound
        }
        #expect(output.hasPrefix("{\"method\":\"huber\",\"window\":300,\"zscore_window\":100,\"samples\":300,\"hedge_ratio\":"))
        #expect(output.contains("\"critical_values\":{\"1%\":"))
        #expect(output.hasSuffix("}\n"))
        #expect(try JSONSerialization.jsonObject(with: Data(output.utf8)) is [String: Any])
        let snapshot = PairAnalysis.snapshot(a: sample.a, b: sample.b, configuration: try PairConfiguration(window: 300))
        // Numbers are printed as shortest round-tripping decimals, so the text equals the value exactly.
        #expect(output.contains("\"hedge_ratio\":\(try #require(snapshot.hedge.value?.slope)),"))
        #expect(output.contains("\"used_lag\":\(try #require(snapshot.adf.value?.usedLag)),"))
    }

    @Test func analyzer_whenStatisticIsAbsent_writesNull() throws {
        // A spread that trends away has no half-life.
        var csv = "timestamp,BTC,ETH\n"
        for i in 0..<40 { csv += "\(i),\(10 + Double(i) * Double(i) * 0.1 + Double(i % 3)),\(5 + Double(i % 4))\n" }
        let output = try Analyzer.render(try parse(csv), request())
        #expect(output.contains("\"half_life_bars\":null"))
    }

    @Test func analyzer_whenWindowGiven_usesTheLastRows() throws {
        let sample = samplePair()
        let output = try Analyzer.render(try parse(sample.csv), request(window: 120))
        let expected = PairAnalysis.snapshot(
            a: Array(sample.a.suffix(120)), b: Array(sample.b.suffix(120)), configuration: try PairConfiguration(window: 120))
        #expect(output.contains("\"samples\":120,\"hedge_ratio\":\(try #require(expected.hedge.value?.slope)),"))
    }

    @Test func analyzer_whenTable_labelsEveryStatistic() throws {
        let output = try Analyzer.render(try parse(samplePair().csv), request(format: .table))
        for label in ["hedge ratio", "intercept", "spread (last)", "z-score (last)", "adf", "half-life", "cointegration", "correlation"] {
            #expect(output.contains("\n" + label.padding(toLength: 16, withPad: " ", startingAt: 0)), "missing \(label)")
        }
    }

    @Test func rolling_whenCSV_printsOneRowPerBarAfterTheWindowFills() throws {
        let sample = samplePair(rows: 150)
        let output = try Analyzer.render(try parse(sample.csv), request(window: 100, format: .table, rolling: true))
        let lines = output.split(separator: "\n")
        #expect(lines.first == "timestamp,hedge_ratio,intercept,spread,zscore,adf_statistic,adf_pvalue,half_life_bars,correlation")
        #expect(lines.count == 1 + 51)
        #expect(lines[1].hasPrefix("\(1_700_000_000_000 + 99 * 60_000),"))
        #expect(lines[1].split(separator: ",", omittingEmptySubsequences: false).count == 9)
    }

    @Test func rolling_whenJSON_printsJSONLines() throws {
        let output = try Analyzer.render(try parse(samplePair(rows: 120).csv), request(window: 100, rolling: true))
        let lines = output.split(separator: "\n")
        #expect(lines.count == 21)
        #expect(lines[0].hasPrefix("{\"timestamp\":1700005940000,\"hedge_ratio\":"))
    }

    @Test func rolling_whenJSONTimestampsAreNotNumbers_keepsThemStrings() throws {
        var csv = "timestamp,BTC,ETH\n"
        for (i, (a, b)) in zip(samplePair(rows: 25).a, samplePair(rows: 25).b).enumerated() {
            csv += "2024-01-01T00:\(i < 10 ? "0" : "")\(i):00Z,\(a),\(b)\n"
        }
        let lines = try Analyzer.render(try parse(csv), request(window: 20, rolling: true)).split(separator: "\n")
        #expect(lines.count == 6)
        #expect(lines[0].hasPrefix("{\"timestamp\":\"2024-01-01T00:19:00Z\",\"hedge_ratio\":"))
        // Without a timestamp column the rows are numbered, and numbers they are.
        let numbered = samplePair(rows: 25).csv.replacingOccurrences(of: "timestamp,", with: "time,")
        let first = try Analyzer.render(try parse(numbered), request(window: 20, rolling: true)).split(separator: "\n")[0]
        #expect(first.hasPrefix("{\"timestamp\":20,\"hedge_ratio\":"))
    }

    @Test func jsonNumber_whenTextIsOrIsNotJSONsSpelling_isTold() {
        for text in ["0", "-12", "1700005940000", "1.5", "-0.25e-3", "2E+10"] { #expect(AnalysisJSON.isNumber(text), "\(text)") }
        for text in ["", "-", "+1", "01", ".5", "1.", "1e", "NaN", "inf", " 1", "1 ", "0x10", "1,5"] {
            #expect(!AnalysisJSON.isNumber(text), "\(text)")
        }
    }

    @Test func csv_whenColumnIsMissing_namesTheColumnsTheFileHas() {
        #expect(throws: AnalysisError.self) { try parse("time,BTC,SOL\n1,2,3\n") }
        #expect(errorText { try parse("time,BTC,SOL\n1,2,3\n") } == "pair.csv: no column \"ETH\"; the file has \"time\", \"BTC\", \"SOL\"")
    }

    @Test func csv_whenCellIsNotANumber_givesFileLineAndColumn() {
        #expect(errorText { try parse("timestamp,BTC,ETH\n1,2,3\n2,abc,3\n") } == "pair.csv:3:2: expected a number, found \"abc\"")
    }

    @Test func csv_whenPriceIsNotPositive_explains() {
        #expect(errorText { try parse("timestamp,BTC,ETH\n1,2,0\n") } == "pair.csv:2:3: prices must be positive, found 0")
    }

    @Test func csv_whenQuotedAndCRLF_readsFields() throws {
        let series = try parse("\"timestamp\",\"BTC\",ETH\r\n\"2024-01-01, 00:00\",\"1.5\",2\r\n")
        #expect(series.timestamps == ["2024-01-01, 00:00"])
        #expect(series.a == [1.5])
    }

    @Test func analyzer_whenTooFewRowsOrConstant_explainsInOneLine() throws {
        #expect(errorText { try Analyzer.render(try parse("timestamp,BTC,ETH\n1,2,3\n2,3,4\n"), request()) }
            == "pair.csv: 2 data rows, analyze needs at least 20")
        var flat = "timestamp,BTC,ETH\n"
        for i in 0..<30 { flat += "\(i),\(1 + i),7\n" }
        #expect(errorText { try Analyzer.render(try parse(flat), request()) }
            == "pair.csv: column \"ETH\" is constant over the last 30 rows, so no hedge ratio exists")
        #expect(errorText { try Analyzer.render(try parse(samplePair().csv), request(window: 400)) }
            == "pair.csv: --window 400 is larger than the number of data rows (300)")
    }

    @Test func analyzer_whenWindowsAreOutsideTheConfigLimits_namesTheFlag() throws {
        // The same limits as a configured pair (PairConfiguration.windowLimits), said in the flags' names.
        let series = try parse(samplePair().csv)
        func flagError(window: Int?, zscoreWindow: Int?) -> String? {
            let request = AnalyzeRequest(file: "pair.csv", a: "BTC", b: "ETH", window: window, zscoreWindow: zscoreWindow)
            return errorText { try Analyzer.render(series, request) }
        }
        #expect(flagError(window: 19, zscoreWindow: nil) == "--window: 19 is not between 20 and 20000")
        #expect(flagError(window: 20_001, zscoreWindow: nil) == "--window: 20001 is not between 20 and 20000")
        #expect(flagError(window: 300, zscoreWindow: 301) == "--zscore-window: 301 is larger than window (300)")
        #expect(flagError(window: nil, zscoreWindow: 1) == "--zscore-window: 1 is smaller than the minimum (2)")
        #expect(flagError(window: 20, zscoreWindow: 20) == nil)
    }

    private func errorText<T>(_ body: () throws -> T) -> String? {
        do {
            _ = try body()
            return nil
        } catch {
            return "\(error)"
        }
    }
}

/// The `pairwatch analyze` binary end to end; each test (a fresh instance) writes its files into its own folder,
/// removed when the instance goes.
@Suite final class AnalyzeCommandTests: Sendable {
    private let folder: TemporaryDirectory

    init() throws {
        folder = try TemporaryDirectory("pairwatch-analyze")
    }

    deinit {
        folder.remove()
    }

    private func write(_ text: String, name: String = "pair.csv") throws -> String {
        let path = folder.file(name)
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    @Test func analyze_whenJSON_printsTheLibrarysAnswer() async throws {
        let sample = samplePair()
        let path = try write(sample.csv)
        let output = try await runPairwatch(["analyze", "--csv", path, "--a", "BTC", "--b", "ETH", "--format", "json", "--method", "ols"])
        #expect(output.status == 0)
        #expect(output.stderr.isEmpty)
        let expected = try Analyzer.render(try PriceSeries.parse(sample.csv, file: path, a: "BTC", b: "ETH", timestamp: nil),
                                           AnalyzeRequest(file: path, a: "BTC", b: "ETH", method: .ols, format: .json))
        #expect(output.stdout == expected)
        #expect(output.stdout.hasPrefix("{\"method\":\"ols\","))
    }

    @Test func analyze_whenCellIsBad_exitsOneWithTheLocationAndNoOutput() async throws {
        let path = try write("timestamp,BTC,ETH\n1,2,3\n2,2.5,x1\n")
        let output = try await runPairwatch(["analyze", "--csv", path, "--a", "BTC", "--b", "ETH"])
        #expect(output.status == 1)
        #expect(output.stdout.isEmpty)
        #expect(output.stderr.contains("\(path):3:3: expected a number, found \"x1\""))
    }

    @Test func analyze_whenColumnIsMissing_listsTheColumns() async throws {
        let path = try write("timestamp,BTC,SOL\n1,2,3\n")
        let output = try await runPairwatch(["analyze", "--csv", path, "--a", "BTC", "--b", "ETH"])
        #expect(output.status == 1)
        #expect(output.stdout.isEmpty)
        #expect(output.stderr.contains("no column \"ETH\"; the file has \"timestamp\", \"BTC\", \"SOL\""))
    }

    @Test func analyze_whenRolling_printsCSVRows() async throws {
        let path = try write(samplePair(rows: 130).csv)
        let output = try await runPairwatch(["analyze", "--csv", path, "--a", "BTC", "--b", "ETH", "--window", "100", "--rolling"])
        #expect(output.status == 0)
        #expect(output.stdout.split(separator: "\n").count == 32)
    }

    @Test func analyze_whenFileIsMissing_saysSoLikeEveryCommand() async throws {
        let output = try await runPairwatch(["analyze", "--csv", "/nonexistent/closes.csv", "--a", "BTC", "--b", "ETH"])
        #expect(output.status == 1)
        #expect(output.stdout.isEmpty)
        #expect(output.stderr == "/nonexistent/closes.csv: no such file\n")
    }

    @Test func analyze_whenHelp_showsAnExample() async throws {
        let output = try await runPairwatch(["analyze", "--help"])
        #expect(output.stdout.contains("pairwatch analyze --csv"))
        #expect(output.stdout.contains("--zscore-window"))
    }
}
