// SPDX-License-Identifier: Apache-2.0
import Crypto
import Foundation
import Hummingbird
import Logging
import Synchronization
import TestSupport

/// A webhook receiver on 127.0.0.1 for a daemon under test: records every request with what it was answered,
/// answers from a script (statuses, or an answer held back until `stop()`, longer than any client timeout), and
/// can be started on a port chosen beforehand, so that the port refuses connections until then.
///
/// ```swift
/// let receiver = WebhookReceiver()
/// let port = try freePort()            // nothing listens yet: connections are refused
/// receiver.script([.status(500), .hang])
/// _ = try await receiver.start(port: port)
/// ```
final class WebhookReceiver: Sendable {
    /// One request as received; header names are lowercase. `answered` is the status sent back, nil for a request
    /// held back (the client gave up on it).
    struct Recorded: Sendable {
        var headers: [String: String]
        var body: [UInt8]
        var answered: Int?

        var idempotencyKey: String? { headers["idempotency-key"] }
        /// The body as untyped JSON (a dictionary for Alertmanager's webhook payload).
        var json: [String: Any] { ((try? JSONSerialization.jsonObject(with: Data(body))) as? [String: Any]) ?? [:] }
        /// `status` of the payload: firing or resolved.
        var status: String? { json["status"] as? String }

        /// Whether `X-Pairwatch-Signature` is `sha256=` and the hex HMAC-SHA256 of the exact body keyed with `secret`.
        func isSigned(with secret: [UInt8]) -> Bool {
            let code = HMAC<SHA256>.authenticationCode(for: body, using: SymmetricKey(data: secret))
            return headers["x-pairwatch-signature"] == "sha256=" + code.map { String(format: "%02x", $0) }.joined()
        }
    }

    /// One scripted answer.
    struct Reply: Sendable {
        var status: Int
        var hangs = false

        static func status(_ status: Int) -> Reply { Reply(status: status) }
        static let hang = Reply(status: 200, hangs: true)
    }

    private struct State {
        var requests: [Recorded] = []
        var script: [Reply] = []
        var hanging: [CheckedContinuation<Void, Never>] = []
        var stopped = false
    }

    private let state = Mutex(State())
    private let server = Mutex<Task<Void, any Error>?>(nil)

    var requests: [Recorded] { state.withLock { $0.requests } }

    /// The requests answered 2xx, in the order they arrived.
    var accepted: [Recorded] { requests.filter { ($0.answered ?? 0) / 100 == 2 } }

    /// Answers the next requests with `replies`, in order; after them every request gets 200.
    func script(_ replies: [Reply]) {
        state.withLock { $0.script += replies }
    }

    /// Starts serving on `port` (0: any free port) and returns the port.
    func start(port: Int = 0) async throws -> Int {
        let (ports, portSink) = AsyncStream.makeStream(of: Int.self)
        let application = Application(
            responder: CallbackResponder(callback: { (request: Request, _: BasicRequestContext) in try await self.answer(request) }),
            configuration: ApplicationConfiguration(address: .hostname("127.0.0.1", port: port), serverName: "webhook-receiver"),
            onServerRunning: { channel in portSink.yield(channel.localAddress?.port ?? 0) },
            logger: Logger(label: "webhook-receiver") { _ in SwiftLogNoOpLogHandler() }
        )
        let task = Task {
            defer { portSink.finish() }
            try await application.run()
        }
        server.withLock { $0 = task }
        for await port in ports { return port }
        throw WaitError(description: "webhook receiver: stopped before listening on port \(port)")
    }

    /// Releases held answers and stops the server.
    func stop() async {
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
    func waitUntil(timeout: Duration = .seconds(30), _ what: String, _ done: ([Recorded]) -> Bool) async throws -> [Recorded] {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if done(requests) { return requests }
            try await Task.sleep(for: .milliseconds(50))
        }
        let seen = requests.map { "\($0.status ?? "?") key=\($0.idempotencyKey ?? "none") answered=\($0.answered.map(String.init) ?? "never")" }
        throw WaitError(description: "webhook receiver: \(what) did not happen within \(timeout); requests: \(seen)")
    }

    private func answer(_ request: Request) async throws -> Response {
        let body = try await request.body.collect(upTo: 1 << 20)
        var headers: [String: String] = [:]
        for field in request.headers { headers[field.name.canonicalName] = field.value }
        let reply = state.withLock { state in
            let reply = state.script.isEmpty ? Reply(status: 200) : state.script.removeFirst()
            state.requests.append(Recorded(headers: headers, body: Array(body.readableBytesView), answered: reply.hangs ? nil : reply.status))
            return reply
        }
        if reply.hangs { await holdUntilStopped() }
        return Response(status: .init(code: reply.status))
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
