// SPDX-License-Identifier: Apache-2.0
import Foundation
import TestSupport
import Testing

/// One error style for every command: the error's own text on stderr (no `Error:`), the same words for the same
/// condition, and the commands that used to stay silent saying what they did.
@Suite struct CommandErrorTests {
    /// A fresh temporary folder, removed when `body` ends.
    private func withFolder(_ body: (String) async throws -> Void) async throws {
        let folder = try TemporaryDirectory("pairwatch-cmd")
        defer { folder.remove() }
        try await body(folder.path)
    }

    @Test func missingFile_whenGivenToAnyCommand_readsTheSame() async throws {
        try await withFolder { folder in
            let missing = "\(folder)/missing.csv"
            let runs = [
                ["check-config", "--config.file", missing],
                ["import", "--storage.path", "\(folder)/p.db", missing],
                ["analyze", "--csv", missing, "--a", "A", "--b", "B"],
                ["serve", "--storage.path", "\(folder)/p.db", "--web.listen-address", "127.0.0.1:0", "--feed", "replay:\(missing)"],
            ]
            for arguments in runs {
                let output = try await runPairwatch(arguments)
                #expect(output.status == 1, "\(arguments[0])")
                #expect(output.stderr.hasSuffix("\(missing): no such file\n"), "\(arguments[0]): \(output.stderr)")
                #expect(!output.stderr.contains("Error"), "\(arguments[0]): \(output.stderr)")
            }
        }
    }

    @Test func import_whenGivenAFolder_saysItIsOne() async throws {
        try await withFolder { folder in
            let output = try await runPairwatch(["import", "--storage.path", "\(folder)/p.db", folder])
            #expect(output.status == 1)
            #expect(output.stderr == "\(folder): is a directory\n")
        }
    }

    @Test func import_whenTheDatabaseFolderCannotBeCreated_namesWhatIsInTheWay() async throws {
        try await withFolder { folder in
            let file = "\(folder)/file"
            try "x".write(toFile: file, atomically: true, encoding: .utf8)
            let output = try await runPairwatch(["import", "--storage.path", "\(file)/db/p.db", file])
            #expect(output.status == 1)
            #expect(output.stderr == "open database \(file)/db/p.db: cannot create \(file)/db: \(file) is a file, not a directory\n")
        }
    }

    @Test func import_whenAFileHasNoRows_saysNothingWasImported() async throws {
        try await withFolder { folder in
            let empty = "\(folder)/BTCUSDT-aggTrades-2024-01-01.csv"
            let header = "\(folder)/ETHUSDT-aggTrades-2024-01-01.csv"
            try "".write(toFile: empty, atomically: true, encoding: .utf8)
            try "agg_trade_id,price,quantity,first_trade_id,last_trade_id,transact_time,is_buyer_maker\n".write(
                toFile: header, atomically: true, encoding: .utf8)
            let output = try await runPairwatch(["import", "--storage.path", "\(folder)/p.db", empty, header])
            #expect(output.status == 0)
            let lines = output.stderr.split(separator: "\n")
            #expect(lines.first == "\(empty): empty file, nothing imported")
            #expect(lines.dropFirst().first == "\(header): no trade rows (only a header or blank lines), nothing imported")
        }
    }

    @Test func import_whenTheForcedFormatDoesNotFit_namesTheFormatTheHeaderSuggests() async throws {
        try await withFolder { folder in
            let seed = "\(folder)/ticks.csv"
            try "timestamp,symbol,price,size\n1704067200000,BTCUSDT,42000.5,0.1\n".write(toFile: seed, atomically: true, encoding: .utf8)
            let output = try await runPairwatch(["import", "--storage.path", "\(folder)/p.db", "--format", "aggtrades", "--symbol", "BTCUSDT", seed])
            #expect(output.status == 1)
            #expect(output.stderr == "\(seed):2:15: expected a price above 0, found \"BTCUSDT\" (reading as aggtrades; the header looks like seed)\n")
        }
    }

    @Test func checkConfig_whenNoFileIsGiven_saysItCheckedTheDefaults() async throws {
        let output = try await runPairwatch(["check-config"])
        #expect(output.status == 0)
        #expect(output.stdout.hasPrefix("config:      none given (--config.file), so the built-in defaults\nfeed:        binance "))
    }

    @Test func checkConfig_whenAPairHasAnUnknownKey_stillReportsItsOtherErrors() async throws {
        try await withFolder { folder in
            let path = "\(folder)/pairwatch.yml"
            try "pairs:\n  - {a: BTCUSDT, b: ETHUSDT, methd: ols, window: 500, zscore_window: 600}\n".write(
                toFile: path, atomically: true, encoding: .utf8)
            let output = try await runPairwatch(["check-config", "--config.file", path])
            #expect(output.status == 1)
            #expect(
                output.stderr == """
                    \(path):2:30: pairs[0].methd: unknown key (did you mean "method"?)
                    \(path):2:55: pairs[0].zscore_window: 600 is larger than window (500)

                    """)
        }
    }

    @Test func serveHelp_whenAsked_promisesThePairGaugesTheREADMEDocuments() async throws {
        let output = try await runPairwatch(["serve", "--help"])
        #expect(output.status == 0)
        // Help is wrapped to the terminal's width, so words are compared with the line breaks taken out.
        let words = output.stdout.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        #expect(words.contains("gets the pairwatch_pair_* gauges at /metrics"))
        #expect(words.contains("labelled pair=\"A/B\" and timeframe"))
    }
}
