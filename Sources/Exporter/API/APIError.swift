// SPDX-License-Identifier: Apache-2.0
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

    /// RFC 3339 in UTC with milliseconds (`2024-01-02T03:04:05.678Z`), as Prometheus and Alertmanager write times.
    /// Computed directly (civil date from days, H. Hinnant's `civil_from_days`) rather than with a date formatter,
    /// which costs microseconds per call and is not Sendable: a page of 10,000 bars writes 10,000 times.
    public static func timestamp(_ ms: Int64) -> String {
        let days = ms >= 0 ? ms / 86_400_000 : (ms - 86_399_999) / 86_400_000
        let msOfDay = ms - days * 86_400_000
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1_460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthIndex = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * monthIndex + 2) / 5 + 1
        let month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9
        let year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
        func pad(_ value: Int64, _ width: Int) -> String {
            let text = String(value)
            return String(repeating: "0", count: max(0, width - text.count)) + text
        }
        let (hour, minute, second, milli) = (msOfDay / 3_600_000, msOfDay / 60_000 % 60, msOfDay / 1_000 % 60, msOfDay % 1_000)
        return "\(pad(year, 4))-\(pad(month, 2))-\(pad(day, 2))T\(pad(hour, 2)):\(pad(minute, 2)):\(pad(second, 2)).\(pad(milli, 3))Z"
    }
}
