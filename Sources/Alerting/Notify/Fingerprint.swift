// SPDX-License-Identifier: Apache-2.0

/// Alertmanager's (and Prometheus') fingerprint of a label set, `model.LabelSet.Fingerprint()`: FNV-1a 64 over the
/// label names in byte order, each name and value followed by the 0xff separator, as 16 lowercase hex digits.
///
/// Computed exactly as Alertmanager does so that the `fingerprint` of a webhook payload and the one Alertmanager
/// shows for a pushed alert are the same string.
public func alertFingerprint(_ labels: [String: String]) -> String {
    // FNV-1a 64 constants, as in prometheus/common model/fnv.go.
    let offsetBasis: UInt64 = 0xcbf2_9ce4_8422_2325
    let prime: UInt64 = 0x100_0000_01b3
    let separator: UInt8 = 0xff
    var hash = offsetBasis
    func add(_ byte: UInt8) {
        hash ^= UInt64(byte)
        hash = hash &* prime
    }
    // Go sorts label names as byte strings; Swift's String order is by Unicode scalars, so compare the bytes.
    for name in labels.keys.sorted(by: { $0.utf8.lexicographicallyPrecedes($1.utf8) }) {
        for byte in name.utf8 { add(byte) }
        add(separator)
        for byte in (labels[name] ?? "").utf8 { add(byte) }
        add(separator)
    }
    let digits = String(hash, radix: 16)
    return String(repeating: "0", count: 16 - digits.count) + digits
}
