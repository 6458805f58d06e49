// SPDX-License-Identifier: Apache-2.0
import NIOCore

/// One event of the live stream (`GET /api/v1/stream`), kept in the hub's buffer as the exact bytes every client is
/// sent: `id: <n>`, `event: <kind>`, `data: <one JSON line>` and a blank line (the WHATWG server-sent events format).
///
/// The events of one publication have their frames back to back in one buffer, so a client that takes several of
/// them is handed one slice of it: one write, one HTTP chunk and no copy, however many events it carries.
public struct StreamEvent: Sendable {
    public enum Kind: String, Sendable {
        case snapshot, alert
    }

    public let id: UInt64
    public let kind: Kind
    /// The frames of the publication this event came in, shared by its events.
    let block: ByteBuffer
    /// Where this event's frame lies in `block`.
    let range: Range<Int>
    /// The id of the first event of that publication: events with the same one share `block`.
    let publication: UInt64

    /// The whole frame, ready to write.
    public var frame: ByteBuffer { block.getSlice(at: range.lowerBound, length: range.count) ?? ByteBuffer() }

    /// Frames `events`, numbered from `firstID`, into one buffer.
    static func publication(_ events: [(kind: Kind, data: ByteBuffer)], firstID: UInt64) -> [StreamEvent] {
        var block = ByteBuffer()
        block.reserveCapacity(events.reduce(0) { $0 + $1.data.readableBytes + 48 })
        var ranges: [Range<Int>] = []
        ranges.reserveCapacity(events.count)
        for (offset, event) in events.enumerated() {
            let start = block.writerIndex
            block.writeStaticString("id: ")
            block.writeString(String(firstID + UInt64(offset)))
            block.writeStaticString("\nevent: ")
            block.writeString(event.kind.rawValue)
            block.writeStaticString("\ndata: ")
            block.writeImmutableBuffer(event.data)
            block.writeStaticString("\n\n")
            ranges.append(start..<block.writerIndex)
        }
        return events.indices.map { offset in
            StreamEvent(id: firstID + UInt64(offset), kind: events[offset].kind, block: block, range: ranges[offset], publication: firstID)
        }
    }

    /// The frames of `events` (consecutive ids, oldest first) as one buffer: a slice of their publication's buffer
    /// when they came in one, else a copy; nil for none.
    static func frames(_ events: [StreamEvent]) -> ByteBuffer? {
        guard let first = events.first, let last = events.last else { return nil }
        if first.publication == last.publication {
            return first.block.getSlice(at: first.range.lowerBound, length: last.range.upperBound - first.range.lowerBound)
        }
        var frames = ByteBuffer()
        frames.reserveCapacity(events.reduce(0) { $0 + $1.range.count })
        for event in events { frames.writeImmutableBuffer(event.frame) }
        return frames
    }
}

/// The frames of the stream that are not buffered events.
enum StreamFrames {
    /// Tells the client how long to wait before reconnecting; first on every stream.
    static func retry(milliseconds: Int) -> ByteBuffer { ByteBuffer(string: "retry: \(milliseconds)\n\n") }

    /// A comment line, which clients ignore; it keeps proxies from closing an idle stream and shows a dead client.
    static let heartbeat = ByteBuffer(string: ": heartbeat\n\n")

    /// Without an `id:` line, so the client's last event id stays the one it asked to resume from.
    static func reset(_ data: ByteBuffer) -> ByteBuffer {
        var frame = ByteBuffer(string: "event: reset\ndata: ")
        frame.writeImmutableBuffer(data)
        frame.writeString("\n\n")
        return frame
    }
}
