// SPDX-License-Identifier: Apache-2.0

/// One alert's change of phase, as it was stored: what the live stream pushes to its clients.
public struct AlertTransitionEvent: Sendable, Equatable {
    public var fingerprint: String
    public var alertname: String
    public var labels: [String: String]
    /// The phase before; nil when the alert was inactive.
    public var from: AlertState.Phase?
    public var to: AlertTransition
    /// The value at the evaluation that made the change; nil when it could not be computed.
    public var value: Double?
    /// When the change was evaluated, milliseconds since the epoch.
    public var atMs: Int64

    public init(
        fingerprint: String, alertname: String, labels: [String: String], from: AlertState.Phase?, to: AlertTransition, value: Double?, atMs: Int64
    ) {
        self.fingerprint = fingerprint
        self.alertname = alertname
        self.labels = labels
        self.from = from
        self.to = to
        self.value = value
        self.atMs = atMs
    }
}
