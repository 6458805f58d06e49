// SPDX-License-Identifier: Apache-2.0
import Foundation
import Hummingbird
import MarketData

/// The query parameters of one API request, read with the checks every route shares: a value that does not parse
/// or is out of range is a 400 naming the parameter, what was expected and what was found.
struct APIQuery {
    private let parameters: [String: String]

    init(_ request: Request) {
        var parameters: [String: String] = [:]
        for (key, value) in request.uri.queryParameters { parameters[String(key)] = String(value) }
        self.parameters = parameters
    }

    init(_ parameters: [String: String]) {
        self.parameters = parameters
    }

    /// The text of a parameter; nil when absent. An empty value counts as given (and fails its parse).
    subscript(_ name: String) -> String? { parameters[name] }

    func required(_ name: String, expected: String) throws(APIError) -> String {
        guard let value = parameters[name], !value.isEmpty else {
            throw APIError(
                .badRequest, "query parameter \(name) is required: expected \(expected)",
                detail: ["parameter": .string(name), "expected": .string(expected)])
        }
        return value
    }

    /// `limit`: how many items a page holds, `default` when absent.
    func limit(default fallback: Int, maximum: Int) throws(APIError) -> Int {
        guard let text = parameters["limit"] else { return fallback }
        guard let value = Int(text), (1...maximum).contains(value) else {
            throw .badParameter("limit", expected: "an integer from 1 to \(maximum)", found: text)
        }
        return value
    }

    /// A time (`from`, `to`): RFC 3339 (`2024-01-01T00:00:00Z`, fractions allowed) or milliseconds since the epoch.
    func time(_ name: String) throws(APIError) -> Int64? {
        guard let text = parameters[name] else { return nil }
        guard let ms = Self.milliseconds(text) else {
            throw .badParameter(name, expected: "an RFC 3339 time such as 2024-01-01T00:00:00Z or milliseconds since the epoch", found: text)
        }
        return ms
    }

    /// The `timeframe` parameter, which must be one the daemon builds bars for.
    func timeframe(among configured: [Timeframe]) throws(APIError) -> Timeframe {
        let names = configured.map(\.name).joined(separator: ", ")
        let text = try required("timeframe", expected: "one of \(names)")
        guard let timeframe = configured.first(where: { $0.name == text }) else {
            throw APIError(
                .notFound, "timeframe \(text) is not configured (configured: \(names))",
                detail: ["parameter": .string("timeframe"), "timeframe": .string(text)])
        }
        return timeframe
    }

    static func milliseconds(_ text: String) -> Int64? {
        // Up to the end of year 9999, the last time RFC 3339 can write.
        if let value = Int64(text) { return (0...253_402_300_799_999).contains(value) ? value : nil }
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        if let date = formatter.date(from: text) { return Int64((date.timeIntervalSince1970 * 1_000).rounded()) }
        formatter.formatOptions = [.withInternetDateTime]
        if let date = formatter.date(from: text) { return Int64((date.timeIntervalSince1970 * 1_000).rounded()) }
        return nil
    }
}

extension APIError {
    /// 400 for a range whose end is not after its start.
    static func emptyRange(from: Int64, to: Int64) -> APIError {
        APIError(
            .badRequest, "query parameters from and to: to (\(to)) must be after from (\(from))",
            detail: ["parameter": .string("to"), "from": .int(from), "to": .int(to)])
    }
}

extension APIQuery {
    /// A value as it may stand in a `next` link's query.
    static func escape(_ value: String) -> String {
        value.addingPercentEncoding(withAllowedCharacters: .alphanumerics.union(CharacterSet(charactersIn: "-._~"))) ?? value
    }
}
