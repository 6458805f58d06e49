// SPDX-License-Identifier: Apache-2.0
import AsyncHTTPClient
import NIOCore

/// The one GET of `AggTradesClient` with its retry rules: what each response means and how long to wait.
extension AggTradesClient {
    /// How one attempt went.
    enum Outcome {
        case body(ByteBuffer)
        /// 429 or 418: hold every call for this long.
        case pause(Duration, reason: String)
        /// 5xx or a network error: try again after backoff.
        case retry(reason: String)
        /// Any other status: retrying will not help.
        case refused(reason: String)
    }

    /// GETs `url`, retrying until it succeeds, is refused, or `maxAttempts` attempts failed.
    func get(_ url: String) async throws -> ByteBuffer {
        var attempts = 0
        while true {
            try await gate.acquire(weight: Self.weightPerCall)
            let outcome = try await attempt(url)
            attempts += 1
            let reason: String
            switch outcome {
            case .body(let body):
                backoffState.withLock { $0.reset() }
                return body
            case .refused(let why):
                throw AggTradesError(description: "GET \(url): \(why)")
            case .pause(let duration, let why):
                gate.pause(for: duration)
                logger.warning("binance REST asked to slow down; every REST call waits", metadata: ["reason": "\(why)", "pause": "\(duration)"])
                reason = why
            case .retry(let why):
                let delay = backoffState.withLock { $0.nextDelay() }
                logger.warning("binance REST call failed; retrying", metadata: ["url": "\(url)", "reason": "\(why)", "retry_in": "\(delay.retryText)"])
                try await clock.sleep(for: delay)
                reason = why
            }
            if attempts >= maxAttempts { throw AggTradesError(description: "GET \(url): gave up after \(attempts) attempts: \(reason)") }
        }
    }

    /// One request, classified; only cancellation throws.
    private func attempt(_ url: String) async throws -> Outcome {
        do {
            let response = try await http.execute(HTTPClientRequest(url: url), timeout: .seconds(30))
            if let used = response.headers.first(name: "x-mbx-used-weight-1m").flatMap({ Int($0) }) {
                gate.serverReported(usedWeight: used)
            }
            let status = response.status.code
            let body = try await response.body.collect(upTo: 16 << 20)
            return Self.classify(status: status, retryAfter: response.headers.first(name: "retry-after"), body: body)
        } catch is CancellationError {
            throw CancellationError()
        } catch {
            try Task.checkCancellation()
            return .retry(reason: "\(error)")
        }
    }

    static func classify(status: UInt, retryAfter: String?, body: ByteBuffer) -> Outcome {
        switch status {
        case 200:
            return .body(body)
        case 418, 429:
            // Without Retry-After, a minute is the window Binance counts weight in.
            let seconds = retryAfter.flatMap { Int($0.filter { !$0.isWhitespace }) } ?? 60
            return .pause(.seconds(max(seconds, 1)), reason: "HTTP \(status), Retry-After \(retryAfter ?? "absent")")
        case 500...599:
            return .retry(reason: "HTTP \(status)")
        default:
            let text = String(buffer: body).prefix(200)
            return .refused(reason: "HTTP \(status): \(text)")
        }
    }
}
