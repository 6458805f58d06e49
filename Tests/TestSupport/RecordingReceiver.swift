// SPDX-License-Identifier: Apache-2.0
import Foundation
import Hummingbird
import Logging
import Synchronization

/// A local HTTP receiver on 127.0.0.1 (a webhook for notifiers and daemons under test) that records every request
/// with what it was answered, and answers from a script: statuses with headers and a body, a redirect, an answer
/// held back until the receiver stops (longer than any client timeout). It can start on a port chosen beforehand, so
/// that the port refuses connections until then, and refuses them again once stopped.
///
/// ```swift
/// let receiver = RecordingReceiver()
/// let port = try await receiver.start()
/// receiver.script([.status(503, headers: [("Retry-After", "3")]), .ok])
/// … notifier.send(…) …
/// #expect(receiver.requests.count == 2)
/// await receiver.stop()   // in a defer-like teardown; the port now refuses connections
/// ```
public final class RecordingReceiver: Sendable {
    /// One request as received; header names are lowercase. `answered` is the status sent back, nil for a request
    /// held back (the client gave up on it).
    public struct Recorded: Sendable {
        public var method: String
        public var path: String
        public var headers: [String: String]
        public var body: [UInt8]
        public var answered: Int?

        public var text: String { String(decoding: body, as: UTF8.self) }
        public var idempotencyKey: String? { headers["idempotency-key"] }
        /// The body as untyped JSON (a dictionary for Alertmanager's webhook payload).
        public var json: [String: Any] { ((try? JSONSerialization.jsonObject(with: Data(body))) as? [String: Any]) ?? [:] }
        /// `status` of a webhook payload: firing or resolved.
        public var status: String? { json["status"] as? String }
    }

    /// One scripted answer.
    public struct Reply: Sendable {
        public var status: Int
        public var headers: [(String, String)] = []
        public var body = ""
        /// Held back until `stop()`: a receiver that accepted the request and never answers.
        public var hangs = false

        public static let ok = Reply(status: 200)
        public static func status(_ status: Int, headers: [(String, String)] = [], body: String = "") -> Reply {
            Reply(status: status, headers: headers, body: body)
        }
        public static func redirect(_ status: Int = 301, to location: String) -> Reply {
            Reply(status: status, headers: [("Location", location)])
        }
        public static let hang = Reply(status: 200, hangs: true)
    }

    private struct State {
        var requests: [Recorded] = []
        var script: [Reply] = []
        var hanging: [CheckedContinuation<Void, Never>] = []
        var stopped = false
    }

    private let state = Mutex(State())
    private let server = Mutex<Task<Void, any Error>?>(nil)

    public init() {}

    public var requests: [Recorded] { state.withLock { $0.requests } }

    /// The requests answered 2xx, in the order they arrived.
    public var accepted: [Recorded] { requests.filter { ($0.answered ?? 0) / 100 == 2 } }

    /// Answers the next requests with `replies`, in order; after them every request gets 200.
    public func script(_ replies: [Reply]) {
        state.withLock { $0.script += replies }
    }

    /// Starts serving on `port` (0: any free port) and returns the port.
    public func start(port: Int = 0) async throws -> Int {
        let (ports, portSink) = AsyncStream.makeStream(of: Int.self)
        let application = Application(
            responder: CallbackResponder(callback: { (request: Request, _: BasicRequestContext) in try await self.answer(request) }),
            configuration: ApplicationConfiguration(address: .hostname("127.0.0.1", port: port), serverName: "recording-receiver"),
            onServerRunning: { channel in portSink.yield(channel.localAddress?.port ?? 0) },
            logger: Logger(label: "recording-receiver") { _ in SwiftLogNoOpLogHandler() }
        )
        let task = Task {
            defer { portSink.finish() }
            try await application.run()
        }
        server.withLock { $0 = task }
        for await port in ports { return port }
        throw TimeoutError("recording receiver: stopped before listening on port \(port)")
    }

    /// Releases held answers and stops the server; its port then refuses connections.
    public func stop() async {
        let hanging = state.withLock { state in
            state.stopped = true
            defer { state.hanging = [] }
            return state.hanging
        }
        for waiter in hanging { waiter.resume() }
        let task = server.withLock { $0 }
        task?.cancel()
        _ = await task?.result
    }

    /// Polls the recorded requests until `done` accepts them; fails after `timeout` with what arrived.
    public func waitUntil(timeout: Duration = .seconds(30), _ what: String, _ done: ([Recorded]) -> Bool) async throws -> [Recorded] {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if done(requests) { return requests }
            try await Task.sleep(for: .milliseconds(50))
        }
        let seen = requests.map { "\($0.status ?? "?") key=\($0.idempotencyKey ?? "none") answered=\($0.answered.map(String.init) ?? "never")" }
        throw TimeoutError("recording receiver: \(what) did not happen within \(timeout); requests: \(seen)")
    }

    private func answer(_ request: Request) async throws -> Response {
        let body = try await request.body.collect(upTo: 1 << 20)
        var headers: [String: String] = [:]
        for field in request.headers { headers[field.name.canonicalName] = field.value }
        let reply = state.withLock { state in
            let reply = state.script.isEmpty ? Reply.ok : state.script.removeFirst()
            state.requests.append(
                Recorded(
                    method: request.method.rawValue, path: request.uri.string, headers: headers, body: Array(body.readableBytesView),
                    answered: reply.hangs ? nil : reply.status))
            return reply
        }
        if reply.hangs { await holdUntilStopped() }
        var fields = HTTPFields()
        for (name, value) in reply.headers {
            if let name = HTTPFields.Element.Name(name) { fields.append(HTTPFields.Element(name: name, value: value)) }
        }
        return Response(status: .init(code: reply.status), headers: fields, body: ResponseBody(byteBuffer: ByteBuffer(string: reply.body)))
    }

    private func holdUntilStopped() async {
        await withCheckedContinuation { continuation in
            let stopped = state.withLock { state in
                if !state.stopped { state.hanging.append(continuation) }
                return state.stopped
            }
            if stopped { continuation.resume() }
        }
    }
}
