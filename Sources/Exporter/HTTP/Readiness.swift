// SPDX-License-Identifier: Apache-2.0
import Synchronization

/// Whether the daemon is ready to serve its numbers, with the reasons it is not.
///
/// Each subsystem owns one named condition ("startup", "storage", ...) and sets or clears its reason; the
/// daemon is ready when no condition holds a reason. It starts not ready until start-up clears "startup".
public final class Readiness: Sendable {
    private let reasons = Mutex<[String: String]>(["startup": "starting"])

    public init() {}

    public func block(_ condition: String, reason: String) {
        reasons.withLock { $0[condition] = reason }
    }

    public func clear(_ condition: String) {
        _ = reasons.withLock { $0.removeValue(forKey: condition) }
    }

    /// The reason `condition` holds, nil when it does not.
    public func reason(_ condition: String) -> String? {
        reasons.withLock { $0[condition] }
    }

    /// nil when ready; otherwise every reason, sorted by condition so the text is stable.
    public var notReadyReason: String? {
        let current = reasons.withLock { $0 }
        guard !current.isEmpty else { return nil }
        return current.sorted { $0.key < $1.key }.map { "\($0.key): \($0.value)" }.joined(separator: "; ")
    }
}
