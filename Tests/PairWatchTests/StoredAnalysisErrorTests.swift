// SPDX-License-Identifier: Apache-2.0
import Foundation
import MarketData
import Testing
import TestSupport

/// `pairwatch analyze` given a bad input combination or a database it cannot analyse: exit 1, nothing on stdout and
/// one line on stderr saying what is at fault, in every command's style.
@Suite struct StoredAnalysisErrorTests {
    private func expectFailure(_ arguments: [String], _ message: String, sourceLocation: SourceLocation = #_sourceLocation) async throws {
        let output = try await runPairwatch(["analyze"] + arguments)
        #expect(output.status == 1, "\(arguments)", sourceLocation: sourceLocation)
        #expect(output.stdout.isEmpty, "\(arguments)", sourceLocation: sourceLocation)
        #expect(output.stderr == message + "\n", "\(arguments)", sourceLocation: sourceLocation)
    }

    @Test func analyze_whenInputFlagsAreMixedOrMissing_namesTheFlag() async throws {
        let stored = ["--storage.path", "/nonexistent/p.db"]
        try await expectFailure(["--csv", "x.csv", "--a", "A", "--b", "B"] + stored, "--csv and --storage.path: give one of them, not both")
        try await expectFailure(
            ["--pair", "A/B", "--timeframe", "1m"],
            "--csv or --storage.path: one is needed (--csv FILE --a COL --b COL, or --storage.path DB --pair A/B --timeframe 1m)")
        try await expectFailure(stored + ["--timeframe", "1m"], "--pair: needed with --storage.path")
        try await expectFailure(stored + ["--pair", "A/B"], "--timeframe: needed with --storage.path")
        try await expectFailure(stored + ["--pair", "A/B", "--timeframe", "1m", "--a", "A"], "--a: not used with --storage.path")
        try await expectFailure(["--csv", "x.csv", "--a", "A", "--b", "B", "--timeframe", "1m"], "--timeframe: not used with --csv")
        try await expectFailure(["--csv", "x.csv", "--a", "A"], "--b: needed with --csv")
        try await expectFailure(["--storage.path", "", "--pair", "A/B", "--timeframe", "1m"], "--storage.path: must not be empty")
    }

    @Test func analyze_whenPairOrTimeframeIsMisspelt_explains() async throws {
        let stored = ["--storage.path", "/nonexistent/p.db"]
        for pair in ["BTCUSDT", "BTCUSDT/ETHUSDT/SOLUSDT", "/ETHUSDT", "BTCUSDT/", "BTC USDT/ETHUSDT"] {
            try await expectFailure(
                stored + ["--pair", pair, "--timeframe", "1m"], "--pair: expected two symbols as A/B, such as BTCUSDT/ETHUSDT, found \"\(pair)\"")
        }
        try await expectFailure(
            stored + ["--pair", "BTCUSDT/BTCUSDT", "--timeframe", "1m"], "--pair: both legs are BTCUSDT; name two different symbols")
        for timeframe in ["7x", "m", "0m", "1 m"] {
            try await expectFailure(
                stored + ["--pair", "A/B", "--timeframe", timeframe],
                "--timeframe: expected a timeframe such as 1s, 1m, 5m, 1h or 1d, found \"\(timeframe)\"")
        }
    }

    @Test func analyze_whenTheDatabaseIsMissing_saysSoAndCreatesNothing() async throws {
        let folder = try TemporaryDirectory("pairwatch-stored-missing")
        defer { folder.remove() }
        let missing = folder.file("sub/p.db")
        try await expectFailure(["--storage.path", missing, "--pair", "A/B", "--timeframe", "1m"], "\(missing): no such file")
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).isEmpty)
        try await expectFailure(["--storage.path", folder.path, "--pair", "A/B", "--timeframe", "1m"], "\(folder.path): is a directory")
    }

    @Test func analyze_whenTheFileIsNotAPairwatchDatabase_refusesWithoutChangingIt() async throws {
        let folder = try TemporaryDirectory("pairwatch-stored-empty")
        defer { folder.remove() }
        let empty = folder.file("empty.db")
        #expect(FileManager.default.createFile(atPath: empty, contents: nil))
        try await expectFailure(
            ["--storage.path", empty, "--pair", "A/B", "--timeframe", "1m"],
            "open database \(empty): not a pairwatch database, or one an older pairwatch wrote (missing migrations: v1-trades-bars, v2-alerts)")
        #expect(try FileManager.default.attributesOfItem(atPath: empty)[.size] as? Int == 0)
    }

    @Test func analyze_whenStoredBarsAreMissingOrTooFew_explains() async throws {
        let folder = try TemporaryDirectory("pairwatch-stored-few")
        defer { folder.remove() }
        let start = StoredAnalysisTests.startMs
        let (a, b) = cointegratedCloses(bars: 60, startMs: start, seed: StoredAnalysisTests.seed)
        let constant = StoredCloses(uniqueKeysWithValues: (0..<60).map { (start + Int64($0) * 60_000, 42.0) })
        let short = StoredCloses(uniqueKeysWithValues: (10..<20).map { (start + Int64($0) * 60_000, 10.0 + Double($0 % 3)) })
        let db = folder.file("bars.db")
        try storeBars(["AAAUSDT": a, "BBBUSDT": b, "CCCUSDT": constant, "DDDUSDT": short], timeframe: StoredAnalysisTests.minute, in: db)
        let aligned = alignedCloses(a, b).starts.count
        func run(_ pair: String, _ more: [String] = [], timeframe: String = "1m") -> [String] {
            ["--storage.path", db, "--pair", pair, "--timeframe", timeframe] + more
        }
        try await expectFailure(run("AAAUSDT/XYZUSDT"), "no stored 1m bars for XYZUSDT in \(db)")
        try await expectFailure(run("XYZUSDT/BBBUSDT"), "no stored 1m bars for XYZUSDT in \(db)")
        try await expectFailure(run("AAAUSDT/BBBUSDT", timeframe: "5m"), "no stored 5m bars for AAAUSDT in \(db)")
        try await expectFailure(
            run("AAAUSDT/BBBUSDT", ["--window", "100"]),
            "\(db): --window 100 is larger than the number of aligned 1m bars of AAAUSDT/BBBUSDT (\(aligned))")
        try await expectFailure(run("DDDUSDT/BBBUSDT"), "\(db): 10 aligned 1m bars of DDDUSDT/BBBUSDT, analyze needs at least 20")
        try await expectFailure(
            run("CCCUSDT/BBBUSDT", ["--window", "30"]),
            "\(db): the 1m closes of CCCUSDT are constant over the last 30 bars, so no hedge ratio exists")
        try await expectFailure(run("AAAUSDT/BBBUSDT", ["--window", "19"]), "--window: 19 is not between 20 and 20000")
    }
}
