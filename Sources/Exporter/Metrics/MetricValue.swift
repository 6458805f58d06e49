// SPDX-License-Identifier: Apache-2.0
import NIOCore

/// Sample values as both formats spell them: `NaN`, `+Inf`, `-Inf`, integers without a fraction, and otherwise
/// the shortest text that reads back as the same `Double` (Go's `ParseFloat`, which Prometheus uses, accepts it).
public enum MetricValue {
    public static func write(_ value: Double, to buffer: inout ByteBuffer) {
        buffer.writeWithUnsafeMutableBytes(minimumWritableBytes: 40) { write(value, into: $0) }
    }

    /// Writes into at least 40 bytes; returns the length.
    static func write(_ value: Double, into raw: UnsafeMutableRawBufferPointer) -> Int {
        let special: StaticString? = value.isNaN ? "NaN" : value.isInfinite ? (value > 0 ? "+Inf" : "-Inf") : value == 0 ? "0" : nil
        if let special {
            raw.copyMemory(from: UnsafeRawBufferPointer(start: special.utf8Start, count: special.utf8CodeUnitCount))
            return special.utf8CodeUnitCount
        }
        var text = ShortText()
        value.write(to: &text)
        return text.withBytes { bytes in
            // "42.0" → "42": counters and integral gauges read naturally.
            let integral = bytes.count >= 2 && bytes[bytes.count - 2] == UInt8(ascii: ".") && bytes[bytes.count - 1] == UInt8(ascii: "0")
            let length = integral ? bytes.count - 2 : bytes.count
            raw.copyMemory(from: UnsafeRawBufferPointer(rebasing: bytes.prefix(length)))
            return length
        }
    }

    /// The same text as a `String`, for tests.
    public static func format(_ value: Double) -> String {
        var buffer = ByteBuffer()
        write(value, to: &buffer)
        return String(buffer: buffer)
    }
}

/// A fixed 40-byte text on the stack that `Double.write(to:)` prints into.
///
/// Why not `value.description`: it builds a heap `String` whenever the text is longer than 15 bytes (the
/// small-string limit), as most statistics are: measured at 63 bytes allocated per value, about 2.3 MB per
/// scrape of 36,000 samples, more than the whole 2 MB budget. `Double.write(to:)` hands its digits to the
/// stream's `_writeASCII` (the standard library's hook for ASCII output; the default builds a `String`), so
/// implementing it keeps the digits off the heap: measured 0 bytes per value.
private struct ShortText: TextOutputStream {
    private var storage: (UInt64, UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0, 0)
    private var count = 0

    mutating func write(_ string: String) {
        var string = string
        string.withUTF8 { append(UnsafeRawBufferPointer($0)) }
    }

    mutating func _writeASCII(_ buffer: UnsafeBufferPointer<UInt8>) {
        append(UnsafeRawBufferPointer(buffer))
    }

    /// A Double prints in at most 24 bytes, so nothing is ever dropped.
    private mutating func append(_ bytes: UnsafeRawBufferPointer) {
        let start = count
        let length = min(bytes.count, MemoryLayout.size(ofValue: storage) - start)
        guard length > 0, let source = bytes.baseAddress else { return }
        withUnsafeMutableBytes(of: &storage) { $0.baseAddress?.advanced(by: start).copyMemory(from: source, byteCount: length) }
        count += length
    }

    func withBytes<Result>(_ body: (UnsafeRawBufferPointer) -> Result) -> Result {
        withUnsafeBytes(of: storage) { body(UnsafeRawBufferPointer(rebasing: $0.prefix(count))) }
    }
}
