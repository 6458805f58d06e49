// SPDX-License-Identifier: Apache-2.0
import Foundation
import GRDB
import MarketData
import Synchronization
import TestSupport
import Testing

@testable import Storage

/// Alert state and the outbox: what is recorded reads back field for field, a record is all or nothing, each
/// receiver's messages come back in insertion order, and all of it survives a restart.
@Suite struct AlertStoreTests {
    let folder: TemporaryDirectory
    let path: String

    init() throws {
        folder = try TemporaryDirectory("pairwatch-alertstore")
        path = folder.file("pairwatch.db")
    }

    @Test func alerts_whenRecorded_readBackEveryFieldIncludingNilsAndUnicode() throws {
        defer { folder.remove() }
        let store = AlertStore(database: try TradeDatabase(path: path))
        let pending = StoredAlert(
            fingerprint: "a1", rule: "Quiet", state: .pending, activeSinceMs: -5, firedAtMs: nil, value: nil, labels: [:], annotations: [:])
        let labels = ["pair": "币安/ETH", "note": "line\nbreak \"quoted\" \\ /slash", "emoji": "🚨", "": "empty key"]
        let firing = StoredAlert(
            fingerprint: "f0e1d2c3b4a59687", rule: "SpreadZscoreHigh", state: .firing, activeSinceMs: 1_700_000_000_000,
            firedAtMs: Int64.max, value: -0.000_123_456_789, labels: labels, annotations: ["summary": "z=2.5 ≥ 2", "runbook": "https://x/y"])
        try store.record(saving: [pending, firing], removing: [], enqueuing: [])
        #expect(try store.alerts() == [pending, firing])
        // Other tools read the JSON text: keys sorted, no escaped slashes.
        let text = try TradeDatabase(path: path).read { db in
            try String.fetchOne(db, sql: "SELECT annotations FROM alerts WHERE fingerprint = 'f0e1d2c3b4a59687'")
        }
        #expect(text == #"{"runbook":"https://x/y","summary":"z=2.5 ≥ 2"}"#)
    }

    @Test func record_whenTheFingerprintIsStored_replacesTheAlert() throws {
        defer { folder.remove() }
        let store = AlertStore(database: try TradeDatabase(path: path))
        try store.record(saving: [storedAlert("a"), storedAlert("b")], removing: [], enqueuing: [])
        let fired = storedAlert("a", firedAtMs: 9_000, value: 3.25, labels: ["pair": "SOLUSDT/ETHUSDT", "team": "quant"])
        try store.record(saving: [fired], removing: [], enqueuing: [])
        #expect(try store.alerts() == [fired, storedAlert("b")])
    }

    @Test func record_whenRemovingFingerprints_deletesThoseAlone() throws {
        defer { folder.remove() }
        let store = AlertStore(database: try TradeDatabase(path: path))
        try store.record(saving: [storedAlert("a"), storedAlert("b"), storedAlert("c")], removing: [], enqueuing: [])
        try store.record(saving: [], removing: ["a", "c", "never-stored"], enqueuing: [])
        #expect(try store.alerts() == [storedAlert("b")])
        // Saved and removed in one call: removals apply last.
        try store.record(saving: [storedAlert("d")], removing: ["d"], enqueuing: [])
        #expect(try store.alerts() == [storedAlert("b")])
    }

    @Test func record_whenAnInsertFails_writesNeitherStateNorAnyMessage() throws {
        defer { folder.remove() }
        let store = AlertStore(database: try TradeDatabase(path: path))
        try store.record(saving: [storedAlert("a"), storedAlert("b")], removing: [], enqueuing: [outboxMessage("ops", "k0")])
        let before = try store.alerts()
        #expect {
            try store.record(
                saving: [storedAlert("a", firedAtMs: 2_000), storedAlert("new")], removing: ["b"],
                enqueuing: [outboxMessage("ops", "k1"), outboxMessage("am", "k2"), outboxMessage("ops", "k1")])
        } throws: { error in
            let text = "\(error)"
            return error is StorageError && text.hasPrefix("record alerts in database \(path): ")
                && text.contains("UNIQUE constraint failed: outbox.idempotency_key")
        }
        // A key already waiting from an earlier call fails the same way.
        #expect(throws: StorageError.self) {
            try store.record(saving: [storedAlert("new")], removing: ["a"], enqueuing: [outboxMessage("am", "k0")])
        }
        #expect(try store.alerts() == before)
        #expect(try store.outboxCounts() == ["ops": 1])
        #expect(try store.keys("ops") == ["k0"])
    }

    @Test func record_whenAnAlertBreaksTheSchema_writesNothing() throws {
        defer { folder.remove() }
        let store = AlertStore(database: try TradeDatabase(path: path))
        var firingWithoutTime = storedAlert("a", firedAtMs: 1)
        firingWithoutTime.firedAtMs = nil
        var pendingWithTime = storedAlert("b")
        pendingWithTime.firedAtMs = 1
        for broken in [firingWithoutTime, pendingWithTime] {
            #expect(throws: StorageError.self) {
                try store.record(saving: [storedAlert("ok"), broken], removing: [], enqueuing: [outboxMessage("ops", "k")])
            }
        }
        #expect(try store.alerts().isEmpty)
        #expect(try store.outboxCounts().isEmpty)
    }

    @Test func outbox_whenReceiversInterleave_givesEachItsOwnMessagesOldestFirst() throws {
        defer { folder.remove() }
        let store = AlertStore(database: try TradeDatabase(path: path))
        let seed = testSeed()
        var random = SplitMix64(seed: seed)
        var expected: [String: [String]] = [:]
        for batch in 0..<20 {
            let messages = (0..<Int.random(in: 0...5, using: &random)).map { index in
                outboxMessage(["ops", "am", "journal"].randomElement(using: &random) ?? "ops", "b\(batch)-\(index)")
            }
            for message in messages { expected[message.receiver, default: []].append(message.idempotencyKey) }
            try store.record(saving: [], removing: [], enqueuing: messages)
        }
        for receiver in ["ops", "am", "journal"] {
            let items = try store.outbox(receiver: receiver, limit: 1_000)
            #expect(items.map(\.idempotencyKey) == expected[receiver, default: []], "seed \(seed)")
            #expect(items.allSatisfy { $0.receiver == receiver && $0.attempts == 0 }, "seed \(seed)")
            #expect(items.map(\.payload) == items.map { Array("{\"key\":\"\($0.idempotencyKey)\"}".utf8) }, "seed \(seed)")
            #expect(try store.keys(receiver).count == expected[receiver, default: []].count, "seed \(seed)")
            #expect(try store.outbox(receiver: receiver, limit: 2).map(\.idempotencyKey) == Array(expected[receiver, default: []].prefix(2)))
        }
        #expect(try store.outbox(receiver: "ops", limit: 0).isEmpty)
        #expect(try store.outbox(receiver: "nobody", limit: 10).isEmpty)
    }

    @Test func outbox_whenTheNewestMessageWasRemoved_givesTheNextOneAHigherId() throws {
        defer { folder.remove() }
        let store = AlertStore(database: try TradeDatabase(path: path))
        try store.record(saving: [], removing: [], enqueuing: [outboxMessage("ops", "k1"), outboxMessage("ops", "k2")])
        let first = try store.outbox(receiver: "ops", limit: 10)
        let newest = try #require(first.last)
        try store.removeOutboxItem(id: newest.id)
        try store.record(saving: [], removing: [], enqueuing: [outboxMessage("ops", "k3")])
        let ids = try store.outbox(receiver: "ops", limit: 10).map(\.id)
        #expect(ids.count == 2)
        #expect(ids[0] == first[0].id)
        #expect(ids[1] > newest.id)
    }

    @Test func payload_whenBinaryOrEmpty_readsBackByteForByte() throws {
        defer { folder.remove() }
        let store = AlertStore(database: try TradeDatabase(path: path))
        let binary = OutboxMessage(receiver: "ops", idempotencyKey: "bin", createdMs: 0, payload: [0, 255, 10, 0, 128])
        let empty = OutboxMessage(receiver: "ops", idempotencyKey: "empty", createdMs: -1, payload: [])
        try store.record(saving: [], removing: [], enqueuing: [binary, empty])
        let items = try store.outbox(receiver: "ops", limit: 10)
        #expect(items.map { OutboxMessage(receiver: $0.receiver, idempotencyKey: $0.idempotencyKey, createdMs: $0.createdMs, payload: $0.payload) }
            == [binary, empty])
    }

    @Test func recordAttempt_whenCalled_countsAttemptsOfThatMessageOnly() throws {
        defer { folder.remove() }
        let store = AlertStore(database: try TradeDatabase(path: path))
        try store.record(saving: [], removing: [], enqueuing: [outboxMessage("ops", "k1"), outboxMessage("ops", "k2")])
        let ids = try store.outbox(receiver: "ops", limit: 10).map(\.id)
        try store.recordAttempt(id: ids[0])
        try store.recordAttempt(id: ids[0])
        try store.recordAttempt(id: ids[0] + 1_000)
        #expect(try store.outbox(receiver: "ops", limit: 10).map(\.attempts) == [2, 0])
    }

    @Test func removeOutboxItem_whenDelivered_removesThatMessageAndCountsFollow() throws {
        defer { folder.remove() }
        let store = AlertStore(database: try TradeDatabase(path: path))
        try store.record(
            saving: [], removing: [],
            enqueuing: [outboxMessage("ops", "k1"), outboxMessage("am", "k2"), outboxMessage("ops", "k3"), outboxMessage("ops", "k4")])
        #expect(try store.outboxCounts() == ["ops": 3, "am": 1])
        let ops = try store.outbox(receiver: "ops", limit: 10)
        try store.removeOutboxItem(id: ops[1].id)
        try store.removeOutboxItem(id: ops[1].id)
        #expect(try store.keys("ops") == ["k1", "k4"])
        try store.removeOutboxItem(id: try #require(store.outbox(receiver: "am", limit: 1).first).id)
        #expect(try store.outboxCounts() == ["ops": 2])
    }

    @Test func removeOutbox_whenReceiversWereRemoved_deletesTheirMessagesAndSaysHowMany() throws {
        defer { folder.remove() }
        let store = AlertStore(database: try TradeDatabase(path: path))
        let messages = [("ops", "k1"), ("old", "k2"), ("ops", "k3"), ("gone", "k4"), ("old", "k5"), ("old", "k6")]
        try store.record(saving: [], removing: [], enqueuing: messages.map { outboxMessage($0.0, $0.1) })
        #expect(try store.removeOutbox(receiversNotIn: ["ops", "new"]) == ["old": 3, "gone": 1])
        #expect(try store.outboxCounts() == ["ops": 2])
        #expect(try store.keys("ops") == ["k1", "k3"])
        #expect(try store.removeOutbox(receiversNotIn: ["ops"]).isEmpty)
        #expect(try store.removeOutbox(receiversNotIn: []) == ["ops": 2])
        #expect(try store.outboxCounts().isEmpty)
    }

    @Test func alertStore_whenTheDatabaseIsReopened_keepsAlertsMessagesAndAttempts() throws {
        defer { folder.remove() }
        let alerts = [storedAlert("a", firedAtMs: 2_000), storedAlert("b", value: nil)]
        var waiting: [OutboxItem] = []
        do {
            let store = AlertStore(database: try TradeDatabase(path: path))
            try store.record(saving: alerts, removing: [], enqueuing: [outboxMessage("ops", "k1"), outboxMessage("ops", "k2")])
            waiting = try store.outbox(receiver: "ops", limit: 10)
            try store.recordAttempt(id: waiting[0].id)
            waiting[0].attempts = 1
        }
        // The first database was closed when it went out of scope.
        let store = AlertStore(database: try TradeDatabase(path: path))
        #expect(try store.alerts() == alerts)
        #expect(try store.outbox(receiver: "ops", limit: 10) == waiting)
        try store.record(saving: [], removing: [], enqueuing: [outboxMessage("ops", "k3")])
        #expect(try store.keys("ops") == ["k1", "k2", "k3"])
        #expect(try store.outbox(receiver: "ops", limit: 10).map(\.id) == waiting.map(\.id) + [try #require(waiting.last).id + 1])
    }

    @Test func open_whenTheDatabaseHasTheTradeSchemaOnly_addsTheAlertTablesKeepingTrades() throws {
        defer { folder.remove() }
        let queue = try DatabaseQueue(path: path)
        try Migrations.migrator.migrate(queue, upTo: "v1-trades-bars")
        try queue.write { db in _ = try TradeStatements(db).insert(trade("BTCUSDT", 1, 1_000)) }
        try queue.close()
        // A reader of this build refuses the older file rather than miss the tables; the writer migrates it.
        #expect {
            try TradeDatabase(readingExisting: path)
        } throws: { error in
            "\(error)" == "open database \(path): not a pairwatch database, or one an older pairwatch wrote (missing migrations: v2-alerts)"
        }
        let database = try TradeDatabase(path: path)
        #expect(try database.tradeCount() == 1)
        #expect(try database.read { db in try db.columns(in: "alerts").map(\.name) }
            == ["fingerprint", "rule", "state", "active_since_ms", "fired_at_ms", "value", "labels", "annotations"])
        #expect(try database.read { db in try db.columns(in: "outbox").map(\.name) }
            == ["id", "receiver", "idempotency_key", "created_ms", "payload", "attempts"])
        let store = AlertStore(database: database)
        try store.record(saving: [storedAlert("a")], removing: [], enqueuing: [outboxMessage("ops", "k1")])
        #expect(try store.alerts() == [storedAlert("a")])
        #expect(try store.keys("ops") == ["k1"])
    }

    @Test func readingExisting_whenAWriterRecordedAlerts_readsThemAndCannotWrite() throws {
        defer { folder.remove() }
        let writer = AlertStore(database: try TradeDatabase(path: path))
        try writer.record(saving: [storedAlert("a")], removing: [], enqueuing: [outboxMessage("ops", "k1")])
        let reader = AlertStore(database: try TradeDatabase(readingExisting: path))
        #expect(try reader.alerts() == [storedAlert("a")])
        #expect(try reader.outboxCounts() == ["ops": 1])
        #expect {
            try reader.record(saving: [], removing: ["a"], enqueuing: [])
        } throws: { error in
            "\(error)".hasPrefix("record alerts in database \(path): ")
        }
        #expect(try writer.alerts() == [storedAlert("a")])
    }

    @Test func record_whenTradesAreWrittenAtTheSameTime_landsEveryMessageInOrder() throws {
        defer { folder.remove() }
        let database = try TradeDatabase(path: path)
        let store = AlertStore(database: database)
        let failures = Mutex<[String]>([])
        DispatchQueue.concurrentPerform(iterations: 2) { worker in
            do {
                if worker == 0 {
                    for batch in 0..<40 {
                        try database.write { db in
                            let statements = try TradeStatements(db)
                            for index in 0..<250 { _ = try statements.insert(trade("BTCUSDT", Int64(batch * 250 + index), 1_000)) }
                        }
                    }
                } else {
                    for index in 0..<200 {
                        try store.record(saving: [storedAlert("a\(index % 7)")], removing: [], enqueuing: [outboxMessage("ops", "k\(index)")])
                    }
                }
            } catch {
                failures.withLock { $0.append("\(error)") }
            }
        }
        #expect(failures.withLock { $0 }.isEmpty)
        #expect(try database.tradeCount() == 10_000)
        #expect(try store.keys("ops") == (0..<200).map { "k\($0)" })
        #expect(try store.alerts().count == 7)
    }
}
