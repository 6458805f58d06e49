// SPDX-License-Identifier: Apache-2.0
import Foundation

/// One entry of `POST /mock/faults`: `{"kind":"stall","seconds":3,"count":2}` in the body (one object or an
/// array), or `kind=stall&seconds=3&count=2` in the query.
struct FaultRequest: Decodable, Equatable {
    struct ParseError: Error, Equatable, CustomStringConvertible {
        let description: String
    }

    var kind: MockFault.Kind
    var count: Int
    var seconds: Double?
    var status: Int?
    var connection: Int?

    var fault: MockFault { MockFault(kind: kind, seconds: seconds, status: status) }

    private enum CodingKeys: String, CodingKey {
        case kind, count, seconds, status, connection
    }

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let name = try container.decode(String.self, forKey: .kind)
        kind = try Self.kind(name)
        count = try container.decodeIfPresent(Int.self, forKey: .count) ?? 1
        seconds = try container.decodeIfPresent(Double.self, forKey: .seconds)
        status = try container.decodeIfPresent(Int.self, forKey: .status)
        connection = try container.decodeIfPresent(Int.self, forKey: .connection)
    }

    init(kind: MockFault.Kind, count: Int = 1, seconds: Double? = nil, status: Int? = nil, connection: Int? = nil) {
        self.kind = kind
        self.count = count
        self.seconds = seconds
        self.status = status
        self.connection = connection
    }

    /// The requests in a JSON body, or else in the query.
    static func parse(body: Data, parameter: (String) -> String?) -> Result<[FaultRequest], ParseError> {
        Result {
            if !body.isEmpty {
                let decoder = JSONDecoder()
                if let many = try? decoder.decode([FaultRequest].self, from: body) { return many }
                do {
                    return [try decoder.decode(FaultRequest.self, from: body)]
                } catch let error as ParseError {
                    throw error
                } catch {
                    throw ParseError(description: "faults body: expected {\"kind\":…} or a list of them")
                }
            }
            guard let name = parameter("kind") else { throw ParseError(description: "faults: kind is missing") }
            return [
                FaultRequest(
                    kind: try kind(name), count: Int(parameter("count") ?? "1") ?? 1, seconds: parameter("seconds").flatMap(Double.init),
                    status: parameter("status").flatMap(Int.init), connection: parameter("connection").flatMap(Int.init)
                )
            ]
        }.mapError { $0 as? ParseError ?? ParseError(description: "\($0)") }
    }

    private static func kind(_ name: String) throws -> MockFault.Kind {
        guard let kind = MockFault.Kind(rawValue: name) else {
            let known = MockFault.Kind.allCases.map(\.rawValue).joined(separator: ", ")
            throw ParseError(description: "faults: unknown kind \(name) (known: \(known))")
        }
        return kind
    }
}
