// SPDX-License-Identifier: Apache-2.0
import Hummingbird
import Logging
import Synchronization
import TestSupport

/// A local HTTP receiver on 127.0.0.1 (a free port) that records every request and answers from a script:
/// statuses with headers and a body, a redirect, an answer held back until the receiver stops (longer than any
/// client timeout), and, once stopped, the port refusing connections.
///
/// ```swift
/// let receiver = RecordingReceiver()
/// let port = try await receiver.start()
/// receiver.script([.status(503, headers: [("Retry-After", "3")]), .ok])
/// … notifier.send(…) …
/// #expect(receiver.requests.count == 2)
/// await receiver.stop()   // in a defer-like teardown; the port now refuses connections
/// ```
final class RecordingReceiver: Sendable {
    /// One request as received; header names are lowercase.
    struct Recorded: Sendable {
        var method: String
        var path: String
        var headers: [String: String]
        var body: [UInt8]

        var text: String { String(decoding: body, as: UTF8.self) }
    }

    /// One scripted answer.
    struct Reply: Sendable {
        var status: Int
        var headers: [(String, String)] = []
        var body = ""
        /// Held back until `stop()`: a receiver that accepted the request and never answers.
        var hangs = false

        static let ok = Reply(status: 200)
        static func status(_ status: Int, headers: [(String, String)] = [], body: String = "") -> Reply {
            Reply(status: status, headers: headers, body: body)
        }
        static func redirect(_ status: Int = 301, to location: String) -> Reply {
            Reply(status: status, headers: [("Location", location)])
        }
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

    /// Answers the next requests with `replies`, in order; after them every request gets 200.
    func script(_ replies: [Reply]) {
        state.withLock { $0.script += replies }
    }

    /// Starts serving and returns the port.
    func start() async throws -> Int {
        let (ports, portSink) = AsyncStream.makeStream(of: Int.self)
        let application = Application(
            responder: CallbackResponder(callback: { (request: Request, _: BasicRequestContext) in try await self.answer(request) }),
            configuration: ApplicationConfiguration(address: .hostname("127.0.0.1", port: 0), serverName: "recording-receiver"),
            onServerRunning: { channel in portSink.yield(channel.localAddress?.port ?? 0) },
            logger: Logger(label: "recording-receiver") { _ in SwiftLogNoOpLogHandler() }
        )
        let task = Task {
            defer { portSink.finish() }
            try await application.run()
        }
        server.withLock { $0 = task }
        for await port in ports { return port }
        throw TimeoutError("recording receiver: stopped before listening")
    }

    /// Releases held answers and stops the server; its port then refuses connections.
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

    private func answer(_ request: Request) async throws -> Response {
        let body = try await request.body.collect(upTo: 1 << 20)
        var headers: [String: String] = [:]
        for field in request.headers { headers[field.name.canonicalName] = field.value }
        let recorded = Recorded(
            method: request.method.rawValue, path: request.uri.string, headers: headers, body: Array(body.readableBytesView)
        )
        let reply = state.withLock { state in
            state.requests.append(recorded)
            return state.script.isEmpty ? Reply.ok : state.script.removeFirst()
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
