// SPDX-License-Identifier: Apache-2.0
import Foundation
import GRDB

/// An alert that is pending or firing, as the `alerts` table keeps it (inactive alerts have no row).
public struct StoredAlert: Sendable, Equatable {
    public enum State: String, Sendable {
        case pending, firing
    }

    /// Identifies the alert (its labels' fingerprint); one row each.
    public var fingerprint: String
    /// The rule's alert name.
    public var rule: String
    public var state: State
    /// When the condition first held, in milliseconds since the epoch.
    public var activeSinceMs: Int64
    /// When it started firing; nil while pending (the table refuses any other combination).
    public var firedAtMs: Int64?
    /// The last evaluated value. SQLite has no NaN: a NaN is stored, and read back, as nil.
    public var value: Double?
    public var labels: [String: String]
    public var annotations: [String: String]

    public init(
        fingerprint: String, rule: String, state: State, activeSinceMs: Int64, firedAtMs: Int64?, value: Double?, labels: [String: String],
        annotations: [String: String]
    ) {
        self.fingerprint = fingerprint
        self.rule = rule
        self.state = state
        self.activeSinceMs = activeSinceMs
        self.firedAtMs = firedAtMs
        self.value = value
        self.labels = labels
        self.annotations = annotations
    }
}

/// A row of `alerts`: the mapping between ``StoredAlert`` and its columns, labels and annotations as JSON text.
enum AlertRow {
    static let columns = "fingerprint, rule, state, active_since_ms, fired_at_ms, value, labels, annotations"

    static func arguments(_ alert: StoredAlert) throws -> StatementArguments {
        [
            alert.fingerprint, alert.rule, alert.state.rawValue, alert.activeSinceMs, alert.firedAtMs, alert.value,
            try JSONText.encode(alert.labels), try JSONText.encode(alert.annotations),
        ]
    }

    static func alert(_ row: Row) throws -> StoredAlert {
        let fingerprint: String = try row.decode(forColumn: "fingerprint")
        let stateName: String = try row.decode(forColumn: "state")
        guard let state = StoredAlert.State(rawValue: stateName) else {
            throw InvalidRow(description: "alert \(fingerprint): unknown state \(stateName)")
        }
        return StoredAlert(
            fingerprint: fingerprint, rule: try row.decode(forColumn: "rule"), state: state,
            activeSinceMs: try row.decode(forColumn: "active_since_ms"), firedAtMs: try row.decode(forColumn: "fired_at_ms"),
            value: try row.decode(forColumn: "value"),
            labels: try JSONText.decode(try row.decode(forColumn: "labels"), "alert \(fingerprint): labels"),
            annotations: try JSONText.decode(try row.decode(forColumn: "annotations"), "alert \(fingerprint): annotations"))
    }
}

/// Label and annotation maps as JSON text, keys sorted so equal maps are equal text (other tools compare them).
enum JSONText {
    static func encode(_ map: [String: String]) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(map), as: UTF8.self)
    }

    static func decode(_ text: String, _ what: String) throws -> [String: String] {
        do {
            return try JSONDecoder().decode([String: String].self, from: Data(text.utf8))
        } catch {
            throw InvalidRow(description: "\(what): not a JSON object of strings: \(text.prefix(80))")
        }
    }
}

/// A stored row this build cannot read back (written by hand or by another tool).
struct InvalidRow: Error, CustomStringConvertible {
    let description: String
}
