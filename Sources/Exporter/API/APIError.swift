// SPDX-License-Identifier: Apache-2.0
import Alerting
import Foundation
import Hummingbird

/// An error of the JSON API, answered as `{"error": "...", "detail": {...}}` with its 4xx status: `error` says what
/// went wrong in a sentence, `detail` names the parameter, line or field and what was expected, for programs.
public struct APIError: Error, Sendable, Equatable {
    /// A value in `detail`: a string or an integer (a line, a column, a limit).
    public enum Value: Sendable, Equatable, Encodable {
        case string(String)
        case int(Int64)

        public func encode(to encoder: any Encoder) throws {
            var container = encoder.singleValueContainer()
            switch self {
            case let .string(text): try container.encode(text)
            case let .int(number): try container.encode(number)
            }
        }
    }

    public var status: HTTPResponse.Status
    public var message: String
    public var detail: [String: Value]
    /// Extra response headers (`Allow`, `WWW-Authenticate`, `Retry-After`).
    public var headers: HTTPFields

    public init(_ status: HTTPResponse.Status, _ message: String, detail: [String: Value] = [:], headers: HTTPFields = [:]) {
        self.status = status
        self.message = message
        self.detail = detail
        self.headers = headers
    }

    /// 400 for a query parameter that does not parse or is out of range.
    public static func badParameter(_ name: String, expected: String, found: String) -> APIError {
        APIError(
            .badRequest, "query parameter \(name): expected \(expected), found \"\(found)\"",
            detail: ["parameter": .string(name), "expected": .string(expected), "found": .string(found)])
    }

    /// 404 for a pair, timeframe or symbol the daemon does not watch.
    public static func notFound(_ what: String, _ name: String) -> APIError {
        APIError(.notFound, "\(what) \(name) is not configured", detail: [what: .string(name)])
    }

    private struct Body: Encodable {
        var error: String
        var detail: [String: Value]?
    }

    /// The response: the JSON body with the status and headers.
    public var response: Response {
        var fields = headers
        fields[.contentType] = "application/json"
        let body = Body(error: message, detail: detail.isEmpty ? nil : detail)
        return Response(status: status, headers: fields, body: ResponseBody(byteBuffer: APIJSON.encode(body)))
    }
}

/// The API's one JSON encoder setting: sorted keys (stable output for tests and diffs), times already formatted.
public enum APIJSON {
    public static func encode(_ value: some Encodable) -> ByteBuffer {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        do {
            return ByteBuffer(bytes: try encoder.encode(value))
        } catch {
            // Only a non-finite Double fails to encode; the API never puts one in a body (unavailable values are null).
            return ByteBuffer(string: #"{"error":"response could not be encoded"}"#)
        }
    }

    /// A JSON `200 OK` response.
    public static func response(_ value: some Encodable, status: HTTPResponse.Status = .ok) -> Response {
        response(encode(value), status: status)
    }

    /// A `200 OK` response of JSON already written.
    static func response(_ body: ByteBuffer, status: HTTPResponse.Status = .ok) -> Response {
        Response(status: status, headers: [.contentType: "application/json"], body: ResponseBody(byteBuffer: body))
    }

    /// RFC 3339 in UTC with milliseconds (`2024-01-02T03:04:05.678Z`), as Prometheus and Alertmanager write times;
    /// computed directly rather than with a date formatter, which is not Sendable and costs microseconds a call.
    public static func timestamp(_ ms: Int64) -> String {
        AlertTimestamp.rfc3339(milliseconds: ms)
    }
}
