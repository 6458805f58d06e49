// SPDX-License-Identifier: Apache-2.0
import AsyncHTTPClient
import Foundation
import NIOCore

/// One POST of a rendered notification to an HTTP receiver, and what its answer means: written once for the webhook
/// and Alertmanager notifiers, as Alertmanager classifies answers once for all of its integrations.
///
/// 2xx is delivered; 408, 429 and 5xx are retried (with the receiver's `Retry-After`), and so are network errors
/// and timeouts; any other 4xx is rejected, and so is a redirect, which is never followed: the signed body, its
/// signature and the idempotency key would otherwise go to a place the configuration never named.
struct HTTPDelivery: Sendable {
    let client: HTTPClient
    let timeout: Duration
    let nowMs: @Sendable () -> Int64

    /// How much of an error answer's body a reason quotes.
    static let quotedBodyBytes = 200

    func post(_ url: String, headers: [(String, String)], body: [UInt8]) async -> DeliveryOutcome {
        var request = HTTPClientRequest(url: url)
        request.method = .POST
        for (name, value) in headers { request.headers.add(name: name, value: value) }
        request.body = Self.unreplayableBody(body)
        do {
            let response = try await client.execute(request, deadline: .now() + .nanoseconds(Self.nanoseconds(timeout)))
            if response.history.count > 1, let final = response.history.last {
                return .rejected(reason: "POST \(url): redirected to \(final.request.url), which the HTTP client followed")
            }
            let start = await Self.bodyStart(response.body)
            return Self.outcome(
                status: Int(response.status.code), phrase: response.status.reasonPhrase, location: response.headers.first(name: "Location"),
                retryAfter: response.headers.first(name: "Retry-After"), bodyStart: start, url: url, nowMs: nowMs()
            )
        } catch {
            return Self.outcome(error: error, url: url, timeout: timeout)
        }
    }

    /// The body as a one-chunk stream: AsyncHTTPClient re-sends only bodies it can replay, so even a client left to
    /// follow redirects (its default) cannot carry this one to a 307 or 308's `Location`.
    private static func unreplayableBody(_ body: [UInt8]) -> HTTPClientRequest.Body {
        let (chunks, writer) = AsyncStream.makeStream(of: ByteBuffer.self)
        writer.yield(ByteBuffer(bytes: body))
        writer.finish()
        return .stream(chunks, length: .known(Int64(body.count)))
    }

    /// The first bytes of an answer, for the reason; reading stops there, and a body that breaks off is cut short.
    private static func bodyStart(_ body: HTTPClientResponse.Body) async -> [UInt8] {
        var start: [UInt8] = []
        do {
            for try await chunk in body {
                start += chunk.readableBytesView.prefix(quotedBodyBytes - start.count)
                if start.count >= quotedBodyBytes { break }
            }
        } catch {
            // The status has already answered the question; the body only illustrates it.
        }
        return start
    }

    /// The JSON bytes of a body: keys sorted (as Go sorts map keys, so the same alert is the same bytes), slashes
    /// left alone.
    static func json(_ value: some Encodable) throws -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return Array(try encoder.encode(value))
    }

    static func nanoseconds(_ duration: Duration) -> Int64 {
        let (seconds, attoseconds) = duration.components
        let (whole, overflow) = seconds.multipliedReportingOverflow(by: 1_000_000_000)
        guard !overflow else { return seconds < 0 ? .min : .max }
        let (sum, overflowAgain) = whole.addingReportingOverflow(attoseconds / 1_000_000_000)
        return overflowAgain ? .max : sum
    }
}

extension HTTPDelivery {
    /// What the status of an answer means (the class of `status`, `Location` for redirects, `Retry-After` for retries).
    static func outcome(
        status: Int, phrase: String, location: String?, retryAfter: String?, bodyStart: [UInt8], url: String, nowMs: Int64
    ) -> DeliveryOutcome {
        let answer = "POST \(url): HTTP \(status) \(phrase)"
        switch status {
        case 200..<300:
            return .delivered
        case 300..<400:
            return .rejected(reason: "\(answer), redirect to \(location ?? "no Location") not followed")
        case 408, 429, 500..<600:
            return .retry(reason: answer + quote(bodyStart), after: retryAfter.flatMap { RetryAfter.delay($0, nowMs: nowMs) })
        default:
            return .rejected(reason: answer + quote(bodyStart))
        }
    }

    /// A request that got no answer: retried (refused, reset, timed out), unless the URL itself cannot work.
    static func outcome(error: any Error, url: String, timeout: Duration) -> DeliveryOutcome {
        if let error = error as? HTTPClientError {
            if [.invalidURL, .emptyHost, .emptyScheme].contains(error) || "\(error)".contains("unsupportedScheme") {
                return .rejected(reason: "POST \(url): \(error)")
            }
            if error == .deadlineExceeded || error == .readTimeout || error == .connectTimeout {
                return .retry(reason: "POST \(url): no answer within \(seconds(timeout))", after: nil)
            }
        }
        return .retry(reason: "POST \(url): \(error)", after: nil)
    }

    /// `: <the body's first bytes>` on one line, or nothing for an empty body.
    private static func quote(_ bodyStart: [UInt8]) -> String {
        guard !bodyStart.isEmpty else { return "" }
        let text = String(decoding: bodyStart.prefix(quotedBodyBytes), as: UTF8.self)
        return ": " + String(text.map { $0.isNewline || $0 == "\t" ? " " : $0 })
    }

    /// `5s`, `0.25s`: durations as a configuration writes them.
    static func seconds(_ duration: Duration) -> String {
        let (whole, attoseconds) = duration.components
        guard attoseconds != 0 else { return "\(whole)s" }
        let millis = attoseconds / 1_000_000_000_000_000
        var fraction = String(millis)
        fraction = String(repeating: "0", count: 3 - fraction.count) + fraction
        while fraction.hasSuffix("0") { fraction.removeLast() }
        return fraction.isEmpty ? "\(whole)s" : "\(whole).\(fraction)s"
    }
}
