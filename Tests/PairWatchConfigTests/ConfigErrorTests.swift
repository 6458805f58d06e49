// SPDX-License-Identifier: Apache-2.0
import Foundation
import TestSupport
import Testing

@testable import PairWatchConfig

@Test func zscoreWindow_whenLargerThanWindow_pointsAtTheKey() throws {
    #expect(
        try diagnostics(ofFixture: "zscore-larger-than-window") == [
            "zscore-larger-than-window.yml:5:5: pairs[0].zscore_window: 600 is larger than window (500)"
        ])
}

@Test func unknownKeys_whenNearAKnownOne_suggestIt() throws {
    #expect(
        try diagnostics(ofFixture: "unknown-keys") == [
            "unknown-keys.yml:2:3: storage.pth: unknown key (did you mean \"path\"?)",
            "unknown-keys.yml:4:1: timeframs: unknown key (did you mean \"timeframes\"?)",
        ])
}

@Test func unknownKey_whenNothingIsNear_hasNoSuggestion() {
    #expect(diagnostics(of: "colour: blue\n") == ["pairwatch.yml:1:1: colour: unknown key"])
}

@Test func wrongTypes_whenSeveral_areAllReportedWithWhatWasExpected() throws {
    #expect(
        try diagnostics(ofFixture: "wrong-types") == [
            "wrong-types.yml:2:14: storage.retention: expected a duration such as 500ms, 30s, 5m, 1h or 7d, found \"seven days\"",
            "wrong-types.yml:3:15: storage.batch_size: expected an integer, found \"many\"",
            "wrong-types.yml:5:11: feed.source: expected one of \"simulate\", \"binance\", \"replay\", found \"kafka\"",
            "wrong-types.yml:6:33: feed.simulate.trades_per_second: expected a number, found \"fast\"",
            "wrong-types.yml:10:13: pairs[0].window: expected an integer, found a list",
        ])
}

@Test func syntaxError_whenYAMLIsBroken_givesLineAndColumn() throws {
    let found = try diagnostics(ofFixture: "syntax-error")
    #expect(found.count == 1)
    #expect(found.first?.hasPrefix("syntax-error.yml:3:1: invalid YAML: ") == true)
}

@Test func recordMaxBytes_whenTooSmall_isRejected() throws {
    #expect(
        try diagnostics(ofFixture: "record-too-small") == [
            "record-too-small.yml:3:3: feed.record_max_bytes: 1000 is below the minimum of 1048576 bytes"
        ])
}

@Test func replaySource_whenNoFile_asksForOne() throws {
    #expect(
        try diagnostics(ofFixture: "replay-without-file") == [
            "replay-without-file.yml:2:3: feed.replay.file: a file is needed when feed.source is replay"
        ])
}

@Test func pairChecks_whenManyFail_areAllReportedAtOnce() throws {
    #expect(
        try diagnostics(ofFixture: "pair-checks") == [
            "pair-checks.yml:3:5: pairs[0].a: expected a symbol of upper-case letters and digits such as BTCUSDT, found \"btcusdt\"",
            "pair-checks.yml:6:5: pairs[0].window: 10 is not between 20 and 20000",
            "pair-checks.yml:7:5: pairs[0].zscore_window: 1 is smaller than the minimum (2)",
            "pair-checks.yml:8:18: pairs[0].timeframes[0]: 1h is not among timeframes (1m, 5m)",
            "pair-checks.yml:10:5: pairs[2]: pair SOLUSDT/ETHUSDT is configured twice",
        ])
}

@Test func unknownKeyInAPair_whenOtherKeysOfThePairAreWrong_hidesNone() throws {
    #expect(
        try diagnostics(ofFixture: "unknown-key-in-pair") == [
            "unknown-key-in-pair.yml:4:5: pairs[0].methd: unknown key (did you mean \"method\"?)",
            "unknown-key-in-pair.yml:6:5: pairs[0].zscore_window: 600 is larger than window (500)",
        ])
    // A pair check still waits for the keys it reads: against an unreadable window, zscore_window says nothing.
    #expect(
        diagnostics(of: "pairs:\n  - {a: BTCUSDT, b: ETHUSDT, window: lots, zscore_window: 600}\n") == [
            "pairwatch.yml:2:38: pairs[0].window: expected an integer, found \"lots\""
        ])
}

@Test func missingKeyAndUnknownAlertingKey_whenPresent_areBothReported() throws {
    #expect(
        try diagnostics(ofFixture: "missing-and-unknown") == [
            "missing-and-unknown.yml:2:5: pairs[0]: missing key \"a\"",
            "missing-and-unknown.yml:4:3: alerting.webhook: unknown key",
        ])
}

@Test func missingFile_whenLoaded_saysSo() {
    let expected = ConfigDiagnostic(file: "/nonexistent/pairwatch.yml", line: nil, column: nil, path: "", message: "no such file")
    #expect(throws: ConfigError(diagnostics: [expected])) {
        try PairWatchConfiguration.load(path: "/nonexistent/pairwatch.yml")
    }
}

@Test func configFile_whenAFolderOrNotText_saysSoInPlainWords() throws {
    let temporary = try TemporaryDirectory("pairwatch-config")
    defer { temporary.remove() }
    let folder = temporary.path
    #expect(throws: ConfigError(diagnostics: [ConfigDiagnostic(file: folder, line: nil, column: nil, path: "", message: "is a directory")])) {
        try PairWatchConfiguration.load(path: folder)
    }
    let binary = "\(folder)/pairwatch.yml"
    try Data([0x70, 0x61, 0xFF, 0xFE]).write(to: URL(fileURLWithPath: binary))
    #expect(throws: ConfigError(diagnostics: [ConfigDiagnostic(file: binary, line: nil, column: nil, path: "", message: "not UTF-8 text")])) {
        try PairWatchConfiguration.load(path: binary)
    }
}

@Test func editDistance_whenComparingWords_countsEdits() {
    #expect(editDistance("timeframs", "timeframes") == 1)
    #expect(editDistance("", "abc") == 3)
    #expect(editDistance("kitten", "sitting") == 3)
    #expect(suggestion(for: "windw", among: ["window", "zscore_window"]) == "window")
}

@Test func pairs_whenAnEarlierPairCannotBeRead_laterOnesKeepTheirFileIndex() throws {
    #expect(
        try diagnostics(ofFixture: "pair-index") == [
            "pair-index.yml:2:5: pairs[0]: missing key \"a\"",
            "pair-index.yml:5:5: pairs[1].window: 10 is not between 20 and 20000",
        ])
}

@Test func checks_whenAnotherKeyOfTheSectionIsUnreadable_stillRun() throws {
    #expect(
        try diagnostics(ofFixture: "unrelated-checks") == [
            "unrelated-checks.yml:2:14: storage.retention: expected a duration such as 500ms, 30s, 5m, 1h or 7d, found \"seven days\"",
            "unrelated-checks.yml:3:3: storage.batch_size: 0 is not between 1 and 100000",
            "unrelated-checks.yml:5:38: pairs[0].window: expected an integer, found \"many\"",
        ])
}

@Test func barRetentionOverrides_whenForAnUnlistedTimeframeOrZero_areReported() throws {
    #expect(
        try diagnostics(ofFixture: "bar-retention-overrides") == [
            "bar-retention-overrides.yml:1:18: timeframes[1]: 60s is the same length as 1m",
            "bar-retention-overrides.yml:1:23: timeframes[2]: 1m is listed twice",
            "bar-retention-overrides.yml:4:5: storage.bar_retention_overrides.1h: 1h is not among timeframes (1m, 60s, 1m)",
            "bar-retention-overrides.yml:5:5: storage.bar_retention_overrides.1m: must be longer than 0s",
        ])
}

@Test func duplicateKey_whenRepeated_isReportedAtItsMapping() throws {
    #expect(try diagnostics(ofFixture: "duplicate-keys") == ["duplicate-keys.yml:3:5: duplicate key \"1m\" in the mapping that starts here"])
}

@Test func related_whenPathsShareAPrefixOnly_areNotRelated() {
    #expect(PairWatchConfiguration.related("pairs[1]", "pairs[1].window"))
    #expect(!PairWatchConfiguration.related("pairs[1]", "pairs[10].window"))
    #expect(!PairWatchConfiguration.related("storage.retention", "storage.retention_x"))
    #expect(PairWatchConfiguration.related("", "storage.path"))
}

@Test func suggestion_whenEveryLetterDiffers_isNotMade() {
    #expect(suggestion(for: "<<", among: ["a", "b"]) == nil)
    #expect(suggestion(for: "x", among: ["a"]) == nil)
    #expect(suggestion(for: "pth", among: ["path"]) == "path")
}

@Test func pairSymbol_whenFeedSymbolsLeaveItOut_isReported() throws {
    #expect(
        try diagnostics(ofFixture: "pair-symbol-not-fed") == [
            "pair-symbol-not-fed.yml:2:31: feed.symbols[2]: BTCUSDT is listed twice",
            "pair-symbol-not-fed.yml:4:6: pairs[0].a: SOLUSDT is not among feed.symbols (BTCUSDT, ETHUSDT, BTCUSDT)",
        ])
}

@Test func pairChecks_whenFeedSymbolsAreUnreadable_stillCheckTheWindows() {
    #expect(
        diagnostics(of: "feed: {symbols: BTCUSDT}\npairs:\n  - {a: SOLUSDT, b: ETHUSDT, window: 5}\n") == [
            "pairwatch.yml:1:17: feed.symbols: expected a list, found \"BTCUSDT\"",
            "pairwatch.yml:3:30: pairs[0].window: 5 is not between 20 and 20000",
        ])
}
