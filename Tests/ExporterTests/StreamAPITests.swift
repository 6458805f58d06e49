// SPDX-License-Identifier: Apache-2.0
import Hummingbird
import HummingbirdTesting
import NIOCore
import TestSupport
import Testing

@testable import Exporter

private func streamApplication(_ hub: StreamHub) -> some ApplicationProtocol {
    let info = BuildInfo(version: "0.1.0", revision: "abc", swiftVersion: "6.3")
    let router = Router()
    var routes = ExporterRoutes(registry: quietRegistry(), readiness: Readiness(), buildInfo: info)
    routes.on(StreamAPI.path, method: .get, StreamAPI.handler(hub: hub))
    routes.add(to: router)
    return Application(router: router)
}

/// Runs `body` with the stream served on a live port; ends every stream before the server stops.
private func withStreamServer(_ hub: StreamHub, _ body: @escaping @Sendable (Int) async throws -> Void) async throws {
    try await streamApplication(hub).test(.live) { client in
        defer { hub.close() }
        try await body(try #require(client.port))
    }
}

private func waitForClients(_ hub: StreamHub, _ count: Int) async throws {
    try await withTimeout(.seconds(30), "\(count) stream clients") {
        while hub.statistics.clients != count { await Task.yield() }
    }
}

private func publish(_ hub: StreamHub, _ count: Int, bytes: Int = 8) {
    hub.publish((0..<count).map { _ in (.snapshot, ByteBuffer(string: "{\"x\":\"" + String(repeating: "x", count: bytes) + "\"}")) })
}

@Test func streamAPI_whenConnected_sendsEventStreamHeadersRetryAndEventsAsTheyHappen() async throws {
    let hub = StreamHub()
    try await withStreamServer(hub) { port in
        let connection = try RawHTTPStream(port: port, path: StreamAPI.path)
        try await waitForClients(hub, 1)
        publish(hub, 2)
        let text = try await connection.read { ServerSentEvent.parse($0).count == 2 }
        let head = text.lowercased()
        #expect(head.hasPrefix("http/1.1 200 ok\r\n"))
        #expect(head.contains("content-type: text/event-stream\r\n"))
        #expect(head.contains("cache-control: no-cache\r\n"))
        #expect(head.contains("x-accel-buffering: no\r\n"))
        #expect(text.contains("\r\n\r\n") && text.contains("retry: 2000\n\n"))
        #expect(ServerSentEvent.parse(text).map(\.id) == ["1", "2"])
        #expect(ServerSentEvent.parse(text).map(\.event) == ["snapshot", "snapshot"])
    }
}

/// The chunks of the chunked body of the HTTP/1.1 response in `text` (its head first), as text.
private func chunks(_ text: String) -> [String] {
    let bytes = Array(text.utf8)
    var chunks: [String] = []
    let headEnd = Array("\r\n\r\n".utf8)
    guard var index = bytes.indices.first(where: { bytes[$0...].starts(with: headEnd) }).map({ $0 + headEnd.count }) else { return [] }
    while let lineEnd = bytes[index...].firstIndex(of: 13), let size = Int(String(decoding: bytes[index..<lineEnd], as: UTF8.self), radix: 16),
        size > 0, lineEnd + 2 + size <= bytes.count
    {
        chunks.append(String(decoding: bytes[(lineEnd + 2)..<(lineEnd + 2 + size)], as: UTF8.self))
        index = lineEnd + 2 + size + 2
    }
    return chunks
}

@Test func streamAPI_whenEventsArePublishedTogether_writesThemInOneChunk() async throws {
    let hub = StreamHub()
    try await withStreamServer(hub) { port in
        let connection = try RawHTTPStream(port: port, path: StreamAPI.path)
        try await waitForClients(hub, 1)
        publish(hub, 100)
        let text = try await connection.read { ServerSentEvent.parse($0).count == 100 }
        // The retry line, then every event: one write each, not one per event.
        #expect(chunks(text).count == 2)
        #expect(ServerSentEvent.parse(chunks(text).last ?? "").map(\.id) == (1...100).map { String($0) })
    }
}

@Test func streamAPI_whenResumingWithLastEventID_sendsTheLaterEventsAndTheHeaderWinsOverTheQuery() async throws {
    let hub = StreamHub()
    publish(hub, 5)
    try await withStreamServer(hub) { port in
        let connection = try RawHTTPStream(port: port, path: StreamAPI.path + "?last_event_id=1&unknown=1", headers: ["Last-Event-ID": "3"])
        try await waitForClients(hub, 1)
        publish(hub, 1)
        let text = try await connection.read { ServerSentEvent.parse($0).count == 3 }
        #expect(ServerSentEvent.parse(text).map(\.id) == ["4", "5", "6"])
        let byQuery = try RawHTTPStream(port: port, path: StreamAPI.path + "?last_event_id=4")
        let resumed = try await byQuery.read { ServerSentEvent.parse($0).count == 2 }
        #expect(ServerSentEvent.parse(resumed).map(\.id) == ["5", "6"])
    }
}

@Test func streamAPI_whenTheIDIsOlderThanTheBuffer_startsWithAResetEvent() async throws {
    let hub = StreamHub(settings: .init(capacity: 2))
    publish(hub, 5)
    try await withStreamServer(hub) { port in
        let connection = try RawHTTPStream(port: port, path: StreamAPI.path, headers: ["Last-Event-ID": "1"])
        let events = ServerSentEvent.parse(try await connection.read { ServerSentEvent.parse($0).count == 3 })
        #expect(events.first == ServerSentEvent(id: nil, event: "reset", data: #"{"last_event_id":1,"lost":2,"next_event_id":4}"#))
        #expect(events.dropFirst().map(\.id) == ["4", "5"])
    }
}

@Test func streamAPI_whenTheLastEventIDIsNotANumber_answers400NamingIt() async throws {
    try await streamApplication(StreamHub()).test(.router) { client in
        let header = try await client.execute(uri: StreamAPI.path, method: .get, headers: [StreamAPI.lastEventIDField: "abc"])
        #expect(header.status == .badRequest)
        #expect(header.headers[.contentType] == "application/json")
        #expect(String(buffer: header.body) == #"{"detail":{"expected":"a non-negative integer","found":"abc","header":"Last-Event-ID"},"error":"header Last-Event-ID: expected a non-negative integer, found \"abc\""}"#)
        let query = try await client.execute(uri: StreamAPI.path + "?other=x&last_event_id=-1", method: .get)
        #expect(query.status == .badRequest)
        #expect(String(buffer: query.body).contains(#""parameter":"last_event_id""#))
    }
}

@Test func streamAPI_whenAClientDoesNotRead_dropsAndDisconnectsItWhileOthersGoOn() async throws {
    let hub = StreamHub(settings: .init(capacity: 8))
    try await withStreamServer(hub) { port in
        let stalled = try RawHTTPStream(port: port, path: StreamAPI.path)
        try await waitForClients(hub, 1)
        // Large events fill the socket buffers of a client that never reads, until it falls behind the buffer.
        try await withTimeout(.seconds(60), "the stalled client dropped") {
            while hub.statistics.dropped == 0 {
                publish(hub, 4, bytes: 64 * 1024)
                await Task.yield()
            }
        }
        #expect(hub.statistics.clients == 0)
        try await stalled.readToEnd(timeout: .seconds(60))
        let reader = try RawHTTPStream(port: port, path: StreamAPI.path)
        try await waitForClients(hub, 1)
        publish(hub, 1)
        try await reader.read { ServerSentEvent.parse($0).count == 1 }
        #expect(hub.statistics.dropped == 1)
    }
}

@Test func streamAPI_whenTheHubCloses_endsOpenStreams() async throws {
    let hub = StreamHub()
    try await withStreamServer(hub) { port in
        let connection = try RawHTTPStream(port: port, path: StreamAPI.path)
        try await waitForClients(hub, 1)
        hub.close()
        try await connection.readToEnd(timeout: .seconds(30))
        #expect(hub.statistics.dropped == 0)
    }
}
