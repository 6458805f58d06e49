// SPDX-License-Identifier: Apache-2.0
@testable import Storage

/// A pending alert (firing when `firedAtMs` is given) with the fields an alert store test cares about.
func storedAlert(
    _ fingerprint: String, firedAtMs: Int64? = nil, value: Double? = 2.5, labels: [String: String] = ["pair": "BTCUSDT/ETHUSDT"]
) -> StoredAlert {
    StoredAlert(
        fingerprint: fingerprint, rule: "SpreadZscoreHigh", state: firedAtMs == nil ? .pending : .firing, activeSinceMs: 1_000,
        firedAtMs: firedAtMs, value: value, labels: labels, annotations: ["summary": "z=\(value.map { "\($0)" } ?? "none")"])
}

/// A message whose payload names its key, so a mix-up between messages shows in the payload too.
func outboxMessage(_ receiver: String, _ key: String, createdMs: Int64 = 5_000) -> OutboxMessage {
    OutboxMessage(receiver: receiver, idempotencyKey: key, createdMs: createdMs, payload: Array("{\"key\":\"\(key)\"}".utf8))
}

extension AlertStore {
    /// The idempotency keys waiting for `receiver`, in delivery order.
    func keys(_ receiver: String) throws -> [String] {
        try outbox(receiver: receiver, limit: 1_000).map(\.idempotencyKey)
    }
}
