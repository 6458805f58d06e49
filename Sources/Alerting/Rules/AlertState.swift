// SPDX-License-Identifier: Apache-2.0

/// Where one alert (a rule on one pair series) stands: it has no state while inactive.
public struct AlertState: Sendable, Equatable {
    public enum Phase: String, Sendable {
        case pending, firing
    }

    public var phase: Phase
    /// When the condition started to hold, milliseconds since the epoch.
    public var activeSinceMs: Int64
    /// When the alert started firing; nil while pending.
    public var firedAtMs: Int64?
    /// The value at the last evaluation.
    public var value: Double?

    public init(phase: Phase, activeSinceMs: Int64, firedAtMs: Int64? = nil, value: Double?) {
        self.phase = phase
        self.activeSinceMs = activeSinceMs
        self.firedAtMs = firedAtMs
        self.value = value
    }
}

/// A change of an alert's phase, named by where it goes (the `to` label of `pairwatch_alert_transitions_total`).
public enum AlertTransition: String, Sendable, CaseIterable {
    case pending, firing, resolved
    /// A pending alert whose condition stopped holding before `for` elapsed: it never fired, so nobody is told.
    case inactive
}

extension AlertRule {
    /// One evaluation of the state machine inactive → pending → firing → resolved (Prometheus' alerting rule
    /// semantics, with hysteresis): the condition `value op threshold` starts an alert, which fires once it has held
    /// for `for`; a firing alert resolves only when `value op clear` no longer holds.
    ///
    /// A value that cannot be computed meets no condition: a pending alert goes back to inactive and a firing one
    /// resolves, as Prometheus resolves an alert whose series disappeared. pairwatch never claims a condition it
    /// cannot see.
    public func step(_ state: AlertState?, value: Double?, nowMs: Int64) -> (state: AlertState?, transition: AlertTransition?) {
        let holds = value.map { comparison.holds($0, threshold) } ?? false
        guard var state else {
            guard holds else { return (nil, nil) }
            if forMs <= 0 { return (AlertState(phase: .firing, activeSinceMs: nowMs, firedAtMs: nowMs, value: value), .firing) }
            return (AlertState(phase: .pending, activeSinceMs: nowMs, value: value), .pending)
        }
        state.value = value
        switch state.phase {
        case .pending:
            guard holds else { return (nil, .inactive) }
            guard nowMs - state.activeSinceMs >= forMs else { return (state, nil) }
            state.phase = .firing
            state.firedAtMs = nowMs
            return (state, .firing)
        case .firing:
            guard let value, comparison.holds(value, clear) else { return (nil, .resolved) }
            return (state, nil)
        }
    }
}
