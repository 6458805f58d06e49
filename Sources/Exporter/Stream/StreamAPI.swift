// SPDX-License-Identifier: Apache-2.0
import Hummingbird

/// `GET /api/v1/stream`: the live stream of pair snapshots and alert transitions as server-sent events.
///
/// The stream starts with `retry:`, then (when resuming from an event the hub no longer has) a `reset` event, then
/// every buffered event after `Last-Event-ID` (the header, or `last_event_id` in the query; the header wins, since a
/// browser reconnecting sends it with the original URL), then events as they happen, with a `: heartbeat` comment
/// line every heartbeat interval. Without an id it starts with new events only: a client reads `/api/v1/pairs` for
/// the current state first.
public enum StreamAPI {
    public static let path = "/api/v1/stream"
    // Both are valid field names (RFC 9110 tokens), so the initialiser never returns nil.
    static let lastEventIDField = HTTPFields.Element.Name("Last-Event-ID")!
    /// Asks nginx not to buffer the response, which would hold events back.
    static let accelBufferingField = HTTPFields.Element.Name("X-Accel-Buffering")!

    public static func handler(hub: StreamHub) -> RouteTable.Handler {
        { request in
            let lastEventID: UInt64?
            do throws(APIError) { lastEventID = try Self.lastEventID(request) } catch { return error.response }
            guard !hub.isClosed else { return APIError(.serviceUnavailable, "the server is shutting down").response }
            let headers: HTTPFields = [.contentType: "text/event-stream", .cacheControl: "no-cache", accelBufferingField: "no"]
            return Response(status: .ok, headers: headers, body: ResponseBody { writer in
                try await stream(hub: hub, after: lastEventID, to: WriterBox(writer))
            })
        }
    }

    /// The id to resume after: the `Last-Event-ID` header, else the `last_event_id` query parameter; an empty value
    /// is none (browsers send the header only once they have an id).
    static func lastEventID(_ request: Request) throws(APIError) -> UInt64? {
        if let header = request.headers[lastEventIDField], !header.isEmpty {
            guard let id = UInt64(header) else { throw APIError.badHeader("Last-Event-ID", expected: "a non-negative integer", found: header) }
            return id
        }
        guard let query = request.uri.queryParameters["last_event_id"].map(String.init), !query.isEmpty else { return nil }
        guard let id = UInt64(query) else { throw APIError.badParameter("last_event_id", expected: "a non-negative integer", found: query) }
        return id
    }

    /// Writes the stream until it ends. When the hub ends it (a dropped client, shutdown) the connection is closed by
    /// throwing, even while a write waits for a client that does not read: the write is cancelled.
    private static func stream(hub: StreamHub, after lastEventID: UInt64?, to box: WriterBox) async throws {
        guard let subscription = hub.subscribe(after: lastEventID) else { return try await box.finish() }
        defer { subscription.cancel() }
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await pump(subscription, retry: hub.settings.retryMilliseconds, to: box) }
            group.addTask {
                let end = await subscription.ended()
                guard !Task.isCancelled else { return }
                throw StreamEnded(end: end)
            }
            defer { group.cancelAll() }
            _ = try await group.next()
        }
    }

    private static func pump(_ subscription: StreamSubscription, retry: Int, to box: WriterBox) async throws {
        var first = StreamFrames.retry(milliseconds: retry)
        if let reset = subscription.reset { first.writeImmutableBuffer(StreamFrames.reset(APIJSON.encode(reset))) }
        try await box.writer.write(first)
        // One buffer per write: Hummingbird makes each its own HTTP chunk.
        while let frames = await subscription.next() {
            try await box.writer.write(frames)
        }
        // Ended by the hub (or cancelled): the connection is closed, as the task watching for the end does; finishing the
        // body instead would leave it open for another request when this task won that race.
        throw StreamEnded(end: await subscription.ended())
    }

    private struct StreamEnded: Error {
        let end: StreamHub.End
    }
}

/// The response's body writer, shared by the task that writes and the one that ends it (Hummingbird's writer is a
/// `Sendable` struct over the connection's outbound channel).
private final class WriterBox: @unchecked Sendable {
    var writer: any ResponseBodyWriter

    init(_ writer: any ResponseBodyWriter) {
        self.writer = writer
    }

    func finish() async throws {
        let writer = writer
        try await writer.finish(nil)
    }
}

extension APIError {
    /// 400 for a request header that does not parse.
    static func badHeader(_ name: String, expected: String, found: String) -> APIError {
        APIError(
            .badRequest, "header \(name): expected \(expected), found \"\(found)\"",
            detail: ["header": .string(name), "expected": .string(expected), "found": .string(found)])
    }
}
