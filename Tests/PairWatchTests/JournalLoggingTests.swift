// SPDX-License-Identifier: Apache-2.0
import Alerting
import Foundation
import Logging
import Synchronization
import Testing

@testable import PairWatch

/// A journal that keeps its entries, or refuses them as journald's absence does.
private final class KeptJournal: JournalSink {
    let answer: Int32
    let entries = Mutex<[[String: String]]>([])

    init(answer: Int32 = 0) {
        self.answer = answer
    }

    func send(_ fields: [(String, String)]) -> Int32 {
        entries.withLock { $0.append(Dictionary(fields, uniquingKeysWith: { first, _ in first })) }
        return answer
    }
}

@Test func journalLog_whenLogged_writesPriorityCodeLocationAndMetadataAsFields() throws {
    let journal = KeptJournal()
    let handler = JournalLogHandler(label: "pairwatch", level: .info, journal: journal) { _ in Issue.record("fell back to stderr") }
    let logger = Logger(label: "pairwatch") { _ in handler }
    logger.warning("notification failed; retrying", metadata: ["receiver": "ops", "retry-in": "2s", "message": "shadow", "request": ["method": "POST"]])
    logger.debug("below the level")
    let entry = try #require(journal.entries.withLock { $0 }.first)
    #expect(journal.entries.withLock { $0.count } == 1)
    #expect(entry["MESSAGE"] == "notification failed; retrying")
    #expect(entry["PRIORITY"] == "4")
    #expect(entry["SYSLOG_IDENTIFIER"] == "pairwatch")
    #expect(entry["CODE_FILE"]?.hasSuffix("JournalLoggingTests.swift") == true)
    #expect(entry["CODE_LINE"] == "29")
    #expect(entry["CODE_FUNC"] == "journalLog_whenLogged_writesPriorityCodeLocationAndMetadataAsFields()")
    #expect(entry["RECEIVER"] == "ops")
    #expect(entry["RETRY_IN"] == "2s")
    #expect(entry["METADATA_MESSAGE"] == "shadow")
    #expect(entry["REQUEST_METHOD"] == "POST")
}

@Test func journalLog_whenTheJournalRefuses_writesTheLogfmtLineInstead() throws {
    let lines = Mutex<[String]>([])
    let handler = JournalLogHandler(label: "pairwatch", level: .info, journal: KeptJournal(answer: -2)) { line in lines.withLock { $0.append(line) } }
    Logger(label: "pairwatch") { _ in handler }.error("cannot write to the database; will retry", metadata: ["path": "/x.db"])
    let line = try #require(lines.withLock { $0 }.first)
    #expect(line.contains(#" level=error logger=pairwatch msg="cannot write to the database; will retry" path=/x.db source=JournalLoggingTests.swift:"#))
}

@Test func journalLog_fieldNames_areUppercaseAndNeverStartWithADigitOrUnderscore() {
    #expect(JournalLogHandler.fieldName("address") == "ADDRESS")
    #expect(JournalLogHandler.fieldName("9lives") == "METADATA_9LIVES")
    #expect(JournalLogHandler.fieldName("_hidden") == "METADATA__HIDDEN")
    #expect(JournalLogHandler.fieldName("priority") == "METADATA_PRIORITY")
    #expect(JournalLogHandler.fieldName("zé") == "Z_")
}

@Test func stderrIsJournal_whenJournalStreamNamesStderr_isTrueOtherwiseFalse() {
    var status = stat()
    #expect(fstat(2, &status) == 0)
    #expect(JournalLogHandler.stderrIsJournal(["JOURNAL_STREAM": "\(status.st_dev):\(status.st_ino)"]))
    #expect(!JournalLogHandler.stderrIsJournal(["JOURNAL_STREAM": "\(status.st_dev):\(status.st_ino &+ 1)"]))
    #expect(!JournalLogHandler.stderrIsJournal([:]))
}
