// SPDX-License-Identifier: Apache-2.0
import NIOCore

/// One event of the live stream (`GET /api/v1/stream`), kept in the hub's buffer as the exact bytes every client is
/// sent: `id: <n>`, `event: <kind>`, `data: <one JSON line>` and a blank line (the WHATWG server-sent events format).
public struct StreamEvent: Sendable {
    public enum Kind: String, Sendable {
        case snapshot, alert
    }

    public let id: UInt64
    public let kind: Kind
    /// The whole frame, ready to write.
    public let frame: ByteBuffer

    init(id: UInt64, kind: Kind, data: ByteBuffer) {
        self.id = id
        self.kind = kind
        var frame = ByteBuffer()
        frame.reserveCapacity(data.readableBytes + 40)
        frame.writeString("id: \(id)\nevent: \(kind.rawValue)\ndata: ")
        frame.writeImmutableBuffer(data)
        frame.writeString("\n\n")
        self.frame = frame
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
