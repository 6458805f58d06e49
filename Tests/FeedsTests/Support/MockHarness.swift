// SPDX-License-Identifier: Apache-2.0
import BinanceMock
import Foundation
import Logging
import TestSupport
import WSClient

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// Runs a `MockExchange` on a free port of 127.0.0.1 for the body's duration, bounded by `limit`: generous,
/// because a full parallel test run on a small machine can keep a task from being scheduled for seconds.
func withMockExchange<T: Sendable>(
    _ configuration: MockExchangeConfiguration = MockExchangeConfiguration(),
    limit: Duration = .seconds(60),
    _ body: @escaping @Sendable (MockExchange, Int) async throws -> T
) async throws -> T {
    let exchange = MockExchange(configuration, logger: LogRecorder().logger)
    return try await withTimeout(limit, "a test against the mock exchange") { try await exchange.serving(body) }
}

/// A WebSocket client on the mock: what it receives arrives on `texts`, what it sends goes through `send(_:)`,
/// and `end()` tells how the connection ended (the server's close frame, or `nil` for a close without one).
final class StreamClient: Sendable {
    private let received: AsyncStream<String>
    private let outgoing: AsyncStream<String>.Continuation
    private let connection: Task<WebSocketCloseFrame?, any Error>

    init(port: Int, path: String) {
        let (received, inbox) = AsyncStream.makeStream(of: String.self)
        let (toSend, outgoing) = AsyncStream.makeStream(of: String.self)
        self.received = received
        self.outgoing = outgoing
        let url = "ws://127.0.0.1:\(port)\(path)"
        connection = Task {
            defer { inbox.finish() }
            return try await WebSocketClient.connect(
                url: url, configuration: .init(autoPing: .disabled), logger: Logger(label: "test.client") { _ in SwiftLogNoOpLogHandler() }
            ) { inbound, outbound, _ in
                try await withThrowingTaskGroup(of: Void.self) { group in
                    group.addTask {
                        for await text in toSend { try await outbound.write(.text(text)) }
                    }
                    group.addTask {
                        for try await message in inbound.messages(maxSize: 1 << 20) {
                            if case .text(let text) = message { inbox.yield(text) }
                        }
                    }
                    _ = try await group.next()
                    group.cancelAll()
                }
            }
        }
    }

    func send(_ text: String) {
        outgoing.yield(text)
    }

    /// The next `count` texts, fewer if the connection ends first.
    func texts(_ count: Int) async -> [String] {
        var texts: [String] = []
        for await text in received {
            texts.append(text)
            if texts.count == count { break }
        }
        return texts
    }

    /// Closes from the client side (a normal close) once the messages sent so far are out.
    func close() {
        outgoing.finish()
    }

    /// How the connection ended: the server's close frame, `nil` without one.
    func end() async -> WebSocketCloseFrame? {
        (try? await outcome().get()) ?? nil
    }

    /// How the connection ended, with the error that ended it when there was one.
    func outcome() async -> Result<WebSocketCloseFrame?, any Error> {
        await connection.result
    }
}

/// An aggregate trade event decoded from a frame, combined or raw; `nil` for anything else.
struct ReceivedTrade: Equatable {
    var stream: String?
    var id: Int64
    var symbol: String
    var keys: Set<String>

    init?(_ text: String) {
        guard let object = (try? JSONSerialization.jsonObject(with: Data(text.utf8))) as? [String: Any] else { return nil }
        let event = object["data"] as? [String: Any] ?? object
        guard event["e"] as? String == "aggTrade", let id = (event["a"] as? NSNumber)?.int64Value, let symbol = event["s"] as? String else {
            return nil
        }
        stream = object["stream"] as? String
        self.id = id
        self.symbol = symbol
        keys = Set(event.keys)
    }
}

/// A plain HTTP exchange with the mock.
struct HTTPReply {
    var status: Int
    var headers: [String: String]
    var body: Data

    var json: Any? { try? JSONSerialization.jsonObject(with: body) }
    var text: String { String(decoding: body, as: UTF8.self) }
}

func http(_ method: String = "GET", port: Int, _ target: String, body: String? = nil) async throws -> HTTPReply {
    guard let url = URL(string: "http://127.0.0.1:\(port)\(target)") else { throw TimeoutError("bad test URL \(target)") }
    var request = URLRequest(url: url)
    request.httpMethod = method
    request.httpBody = body.map { Data($0.utf8) }
    let (data, response) = try await URLSession.shared.data(for: request)
    let reply = response as? HTTPURLResponse
    var headers: [String: String] = [:]
    for (key, value) in reply?.allHeaderFields ?? [:] {
        headers[String(describing: key).lowercased()] = String(describing: value)
    }
    return HTTPReply(status: reply?.statusCode ?? 0, headers: headers, body: data)
}

/// Polls `condition` every few milliseconds: for what the mock records about a network peer, which no clock of
/// the test's can drive.
func eventually(_ condition: @Sendable () -> Bool) async throws {
    while !condition() {
        try await Task.sleep(for: .milliseconds(5))
    }
}
