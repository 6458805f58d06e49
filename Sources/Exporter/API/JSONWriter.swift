// SPDX-License-Identifier: Apache-2.0
import NIOCore

/// Writes JSON straight into a byte buffer, for the API's large answers (every pair series, a page of history or
/// bars). Foundation's `JSONEncoder` took 83 ms for the 3,000 series of `GET /api/v1/pairs` (1.7 MB), most of it
/// building and walking its intermediate tree; writing the bytes directly takes a fraction of that.
///
/// The caller writes keys in a fixed order and gets valid JSON as long as every `beginObject`/`beginArray` is ended;
/// `,` separators are placed by the writer. Numbers that are not finite are written as `null`, which JSON requires.
struct JSONWriter {
    private(set) var buffer: ByteBuffer
    /// Whether the container being written has a member yet (the next one needs a comma).
    private var needsComma: [Bool] = []

    init(capacity: Int = 4_096) {
        buffer = ByteBufferAllocator().buffer(capacity: capacity)
    }

    mutating func beginObject() { open(UInt8(ascii: "{")) }
    mutating func endObject() { close(UInt8(ascii: "}")) }
    mutating func beginArray() { open(UInt8(ascii: "[")) }
    mutating func endArray() { close(UInt8(ascii: "]")) }

    /// Starts a member of the current object; the value written next is its value.
    mutating func key(_ name: StaticString) {
        separate()
        buffer.writeInteger(UInt8(ascii: "\""))
        buffer.writeStaticString(name)
        buffer.writeStaticString("\":")
        // The value that follows belongs to this key: no comma before it.
        needsComma[needsComma.count - 1] = false
    }

    /// A key that is not known at compile time (a map's keys).
    mutating func key(_ name: String) {
        string(name)
        buffer.writeInteger(UInt8(ascii: ":"))
        needsComma[needsComma.count - 1] = false
    }

    mutating func string(_ value: String) {
        separate()
        buffer.writeInteger(UInt8(ascii: "\""))
        for byte in value.utf8 {
            switch byte {
            case UInt8(ascii: "\""): buffer.writeStaticString("\\\"")
            case UInt8(ascii: "\\"): buffer.writeStaticString("\\\\")
            case UInt8(ascii: "\n"): buffer.writeStaticString("\\n")
            case UInt8(ascii: "\r"): buffer.writeStaticString("\\r")
            case UInt8(ascii: "\t"): buffer.writeStaticString("\\t")
            case 0..<0x20:
                let hex: [UInt8] = Array("0123456789abcdef".utf8)
                buffer.writeStaticString("\\u00")
                buffer.writeInteger(hex[Int(byte >> 4)])
                buffer.writeInteger(hex[Int(byte & 0xF)])
            default: buffer.writeInteger(byte)
            }
        }
        buffer.writeInteger(UInt8(ascii: "\""))
    }

    mutating func string(_ value: String?) {
        guard let value else { return null() }
        string(value)
    }

    /// A number, or `null` when absent or not finite. Swift's shortest round-trip form (`1e-05`, `0.1`) is valid JSON.
    mutating func number(_ value: Double?) {
        guard let value, value.isFinite else { return null() }
        separate()
        buffer.writeString(value.description)
    }

    mutating func number(_ value: Int64) {
        separate()
        buffer.writeString(String(value))
    }

    mutating func number(_ value: Int) { number(Int64(value)) }

    /// A value written by another writer (a cached fragment).
    mutating func raw(_ value: ByteBuffer) {
        separate()
        var value = value
        buffer.writeBuffer(&value)
    }

    mutating func bool(_ value: Bool) {
        separate()
        buffer.writeStaticString(value ? "true" : "false")
    }

    mutating func null() {
        separate()
        buffer.writeStaticString("null")
    }

    private mutating func open(_ byte: UInt8) {
        separate()
        buffer.writeInteger(byte)
        needsComma.append(false)
    }

    private mutating func close(_ byte: UInt8) {
        needsComma.removeLast()
        buffer.writeInteger(byte)
    }

    private mutating func separate() {
        guard let last = needsComma.last else { return }
        if last { buffer.writeInteger(UInt8(ascii: ",")) }
        needsComma[needsComma.count - 1] = true
    }
}
