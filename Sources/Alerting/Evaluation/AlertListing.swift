// SPDX-License-Identifier: Apache-2.0

/// The alerts `GET /api/v1/alerts` lists: pending and firing ones, then those resolved recently, newest first.
public struct AlertListing: Sendable, Equatable {
    public struct Alert: Sendable, Equatable {
        public enum State: String, Sendable {
            case pending, firing, resolved
        }

        public var fingerprint: String
        public var state: State
        public var labels: [String: String]
        public var annotations: [String: String]
        /// When the condition started to hold, milliseconds since the epoch.
        public var activeSinceMs: Int64
        public var firedAtMs: Int64?
        public var resolvedAtMs: Int64?
        /// The value at the last evaluation (at resolution for a resolved alert).
        public var value: Double?
    }

    public var alerts: [Alert]

    /// How long a resolved alert stays listed, and how many at most.
    static let resolvedKeptMs: Int64 = 3_600_000
    static let resolvedKeptCount = 1_000
}
