// SPDX-License-Identifier: Apache-2.0
import Alerting
import Foundation
import Logging
import Synchronization
import TestSupport
import Testing

private typealias Fixtures = NotifierFixtures

/// A journal that keeps the entries it is sent and answers `result`.
private final class FakeJournal: JournalSink {
    private let entries = Mutex<[[String]]>([])
    private let result: Int32

    init(result: Int32 = 0) { self.result = result }

    var sent: [[String]] { entries.withLock { $0 } }

    func send(_ fields: [(String, String)]) -> Int32 {
        entries.withLock { $0.append(fields.map { "\($0.0)=\($0.1)" }) }
        return result
    }
}

private func labels(severity: String) -> [String: String] {
    Fixtures.labels.merging(["severity": severity]) { $1 }
}

@Test func journal_whenAnAlertFires_writesOneEntryWithEveryField() async {
    let journal = FakeJournal()
    let log = LogRecorder()
    let outcome = await JournalNotifier(logger: log.logger, journal: journal).send(Fixtures.firing(), idempotencyKey: "k")
    #expect(outcome == .delivered)
    #expect(
        journal.sent == [
            [
                "MESSAGE=alert SpreadZscoreHigh firing for BTCUSDT/ETHUSDT 1m: value 2.4, threshold 2", "PRIORITY=4",
                "SYSLOG_IDENTIFIER=pairwatch", "PAIRWATCH_ALERT=SpreadZscoreHigh", "PAIRWATCH_PAIR=BTCUSDT/ETHUSDT",
                "PAIRWATCH_TIMEFRAME=1m", "PAIRWATCH_VALUE=2.4", "PAIRWATCH_THRESHOLD=2", "PAIRWATCH_STATE=firing",
            ]
        ]
    )
    #expect(log.entries.isEmpty)
}

@Test func journal_whenAnAlertResolvesOrHasNoValue_saysSoWithNumbersAsTheAnnotationsWriteThem() async {
    let journal = FakeJournal()
    let notifier = JournalNotifier(logger: LogRecorder().logger, journal: journal)
    _ = await notifier.send(Fixtures.resolved(), idempotencyKey: "k")
    _ = await notifier.send(Fixtures.firing(value: nil), idempotencyKey: "k")
    _ = await notifier.send(Fixtures.firing(value: 2.417331234), idempotencyKey: "k")
    let (resolved, unknown, long) = (journal.sent[0], journal.sent[1], journal.sent[2])
    #expect(long[0].hasSuffix(": value 2.41733, threshold 2") && long.contains("PAIRWATCH_VALUE=2.41733"))
    #expect(resolved[0] == "MESSAGE=alert SpreadZscoreHigh resolved for BTCUSDT/ETHUSDT 1m: value 1.4, threshold 2")
    #expect(resolved.contains("PRIORITY=5") && resolved.contains("PAIRWATCH_STATE=resolved") && resolved.contains("PAIRWATCH_VALUE=1.4"))
    #expect(unknown[0] == "MESSAGE=alert SpreadZscoreHigh firing for BTCUSDT/ETHUSDT 1m: value n/a, threshold 2")
    #expect(unknown.contains("PAIRWATCH_VALUE=n/a"))
}

@Test func journal_whenSeveritiesDiffer_mapsThemToSyslogPriorities() async {
    let journal = FakeJournal()
    let notifier = JournalNotifier(logger: LogRecorder().logger, journal: journal)
    for severity in ["critical", "warning", "info", "page-me"] {
        _ = await notifier.send(Fixtures.firing(labels: labels(severity: severity)), idempotencyKey: "k")
    }
    _ = await notifier.send(Fixtures.resolved(labels: labels(severity: "critical")), idempotencyKey: "k")
    #expect(journal.sent.map { $0[1] } == ["PRIORITY=2", "PRIORITY=4", "PRIORITY=6", "PRIORITY=4", "PRIORITY=5"])
}

@Test func journal_whenTheJournalCannotBeReached_logsTheSameLineAtTheMatchingLevelAndCountsItDelivered() async {
    let log = LogRecorder()
    let notifier = JournalNotifier(logger: log.logger, journal: FakeJournal(result: -2))
    #expect(await notifier.send(Fixtures.firing(labels: labels(severity: "critical")), idempotencyKey: "k") == .delivered)
    #expect(await notifier.send(Fixtures.resolved(), idempotencyKey: "k") == .delivered)
    #expect(log.entries.map(\.level) == [.critical, .notice])
    let entry = log.entries[0]
    #expect(entry.message == "alert SpreadZscoreHigh firing for BTCUSDT/ETHUSDT 1m: value 2.4, threshold 2")
    #expect(
        entry.metadata == [
            "PRIORITY": "2", "SYSLOG_IDENTIFIER": "pairwatch", "PAIRWATCH_ALERT": "SpreadZscoreHigh", "PAIRWATCH_PAIR": "BTCUSDT/ETHUSDT",
            "PAIRWATCH_TIMEFRAME": "1m", "PAIRWATCH_VALUE": "2.4", "PAIRWATCH_THRESHOLD": "2", "PAIRWATCH_STATE": "firing",
        ]
    )
}

@Test(.enabled(if: !FileManager.default.fileExists(atPath: SystemdJournal.socketPath), "a journal is listening: the entry would go to it"))
func systemdJournal_whenThereIsNoJournalSocket_failsAndTheNotifierLogsTheFallbackLine() async {
    #expect(SystemdJournal().send([("MESSAGE", "pairwatch test entry")]) == -2)  // -ENOENT
    let log = LogRecorder()
    #expect(await JournalNotifier(logger: log.logger).send(Fixtures.firing(), idempotencyKey: "k") == .delivered)
    #expect(log.entries.map(\.level) == [.warning])
    #expect(log.entries.first?.message == "alert SpreadZscoreHigh firing for BTCUSDT/ETHUSDT 1m: value 2.4, threshold 2")
    #expect(log.entries.first?.metadata["PAIRWATCH_ALERT"] == "SpreadZscoreHigh")
}
