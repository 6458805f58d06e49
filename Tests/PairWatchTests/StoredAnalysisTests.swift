// SPDX-License-Identifier: Apache-2.0
import Foundation
import MarketData
import PairStats
import Testing
import TestSupport

/// `pairwatch analyze --storage.path`: the binary run on a database written through Storage's API, checked against
/// the library's cold fit and against the CSV form fed the same closes.
@Suite struct StoredAnalysisTests {
    static let startMs: Int64 = 1_699_999_980_000  // a whole minute
    static let seed: UInt64 = 20_240_917
    static let minute = Timeframe("1m")!

    /// A database holding AAAUSDT/BBBUSDT (about 190 aligned 1m bars), a constant CCCUSDT and a short DDDUSDT.
    private func withDatabase(_ body: (_ database: String, _ a: StoredCloses, _ b: StoredCloses) async throws -> Void) async throws {
        let folder = try TemporaryDirectory("pairwatch-stored")
        defer { folder.remove() }
        print("StoredAnalysisTests seed \(Self.seed)")
        let (a, b) = cointegratedCloses(bars: 200, startMs: Self.startMs, seed: Self.seed)
        let constant = StoredCloses(uniqueKeysWithValues: (0..<200).map { (Self.startMs + Int64($0) * 60_000, 42.0) })
        let short = StoredCloses(uniqueKeysWithValues: (100..<110).map { (Self.startMs + Int64($0) * 60_000, 10.0 + Double($0 % 3)) })
        let database = folder.file("bars.db")
        try storeBars(["AAAUSDT": a, "BBBUSDT": b, "CCCUSDT": constant, "DDDUSDT": short], timeframe: Self.minute, in: database)
        try await body(database, a, b)
    }

    private func analyze(_ database: String, _ more: [String]) async throws -> ProcessOutput {
        try await runPairwatch(["analyze", "--storage.path", database, "--pair", "AAAUSDT/BBBUSDT", "--timeframe", "1m"] + more)
    }

    @Test func analyzeStored_whenJSON_equalsTheSnapshotOfTheLastAlignedBars() async throws {
        try await withDatabase { database, a, b in
            let output = try await analyze(database, ["--window", "120", "--zscore-window", "40", "--format", "json"])
            #expect(output.status == 0 && output.stderr.isEmpty, "\(output.stderr)")
            let json = try #require(try JSONSerialization.jsonObject(with: Data(output.stdout.utf8)) as? [String: Any])
            let aligned = alignedCloses(a, b)
            let configuration = try PairConfiguration(window: 120, zscoreWindow: 40, method: .huber)
            let s = PairAnalysis.snapshot(a: Array(aligned.a.suffix(120)), b: Array(aligned.b.suffix(120)), configuration: configuration)
            let adf = json["adf"] as? [String: Any], coint = json["coint"] as? [String: Any]
            #expect(json["window"] as? Int == 120 && json["zscore_window"] as? Int == 40 && json["samples"] as? Int == 120)
            let pairs: [(String, Double?, Double?)] = [
                ("hedge_ratio", json["hedge_ratio"] as? Double, s.hedge.value?.slope),
                ("intercept", json["intercept"] as? Double, s.hedge.value?.intercept),
                ("spread_last", json["spread_last"] as? Double, s.spread.value), ("zscore_last", json["zscore_last"] as? Double, s.zScore.value),
                ("adf.statistic", adf?["statistic"] as? Double, s.adf.value?.statistic),
                ("adf.pvalue", adf?["pvalue"] as? Double, s.adf.value?.pValue),
                ("half_life_bars", json["half_life_bars"] as? Double, s.halfLifeBars.value),
                ("coint.pvalue", coint?["pvalue"] as? Double, s.cointegration.value?.pValue),
                ("correlation", json["correlation"] as? Double, s.correlation.value),
            ]
            for (name, printed, library) in pairs {
                #expect(printed != nil, "\(name) missing")
                #expect(agree(printed, library), "\(name): printed \(String(describing: printed)), library \(String(describing: library))")
            }
        }
    }

    @Test func analyzeStored_whenTheCSVFormGetsTheSameCloses_printsTheSame() async throws {
        try await withDatabase { database, a, b in
            let aligned = alignedCloses(a, b)
            let folder = try TemporaryDirectory("pairwatch-stored-csv")
            defer { folder.remove() }
            let csv = folder.file("closes.csv")
            let rows = aligned.starts.indices.map { "\(aligned.starts[$0]),\(aligned.a[$0]),\(aligned.b[$0])" }
            try (["timestamp,AAAUSDT,BBBUSDT"] + rows).joined(separator: "\n").write(toFile: csv, atomically: true, encoding: .utf8)
            for options in [["--format", "json"], ["--window", "60", "--method", "ols"], ["--window", "50", "--rolling"],
                            ["--window", "50", "--zscore-window", "10", "--rolling", "--format", "json"]] {
                let stored = try await analyze(database, options)
                let file = try await runPairwatch(["analyze", "--csv", csv, "--a", "AAAUSDT", "--b", "BBBUSDT"] + options)
                #expect(stored.status == 0 && file.status == 0, "\(options): \(stored.stderr) \(file.stderr)")
                // Only the table's first row names the input.
                let expected = file.stdout.replacingOccurrences(of: "(\(csv))", with: "(1m bars in \(database))")
                #expect(stored.stdout == expected, "\(options)")
                #expect(!stored.stdout.isEmpty)
            }
        }
    }

    @Test func analyzeStored_whenTable_namesThePairTimeframeAndDatabase() async throws {
        try await withDatabase { database, a, b in
            let output = try await analyze(database, [])
            let lines = output.stdout.split(separator: "\n").map(String.init)
            let count = alignedCloses(a, b).starts.count
            #expect(lines.first == "pair            AAAUSDT on BBBUSDT (1m bars in \(database))")
            #expect(lines.dropFirst().first == "method          huber")
            #expect(lines.dropFirst(2).first == "window          \(count) bars, z-score over 100")
            #expect(lines.map { String($0.prefix(16)) } == [
                "pair            ", "method          ", "window          ", "hedge ratio     ", "intercept       ", "spread (last)   ",
                "z-score (last)  ", "adf             ", "half-life       ", "cointegration   ", "correlation     ",
            ])
        }
    }

    @Test func analyzeStored_whenRolling_printsOneRowPerBarStampedWithItsStart() async throws {
        try await withDatabase { database, a, b in
            let starts = alignedCloses(a, b).starts
            let table = try await analyze(database, ["--window", "150", "--rolling"]).stdout.split(separator: "\n")
            #expect(table.count == starts.count - 150 + 2)
            #expect(table.first == "timestamp,hedge_ratio,intercept,spread,zscore,adf_statistic,adf_pvalue,half_life_bars,correlation")
            #expect(table.dropFirst().first?.hasPrefix("\(starts[149]),") == true)
            #expect(table.last?.hasPrefix("\(starts[starts.count - 1]),") == true)
            let json = try await analyze(database, ["--window", "150", "--rolling", "--format", "json"]).stdout.split(separator: "\n")
            #expect(json.count == starts.count - 150 + 1)
            #expect(json.first?.hasPrefix("{\"timestamp\":\(starts[149]),\"hedge_ratio\":") == true)
        }
    }

    @Test func analyzeStored_whenConfigFileNamesTheDatabase_readsIt() async throws {
        try await withDatabase { database, _, _ in
            let folder = try TemporaryDirectory("pairwatch-stored-config")
            defer { folder.remove() }
            let config = try temporaryConfig("storage: {path: \(database)}\n", in: folder)
            let viaConfig = try await runPairwatch(
                ["analyze", "--config.file", config, "--pair", "AAAUSDT/BBBUSDT", "--timeframe", "1m", "--format", "json"])
            #expect(viaConfig.status == 0, "\(viaConfig.stderr)")
            #expect(viaConfig.stdout == (try await analyze(database, ["--format", "json"])).stdout)
        }
    }
}
