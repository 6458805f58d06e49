// SPDX-License-Identifier: Apache-2.0
import Hummingbird
import MarketData
import Synchronization

/// What `POST /api/v1/trades` obeys: the bearer token (nil disables uploads), the size limit and the timeframes bars
/// are built for. The daemon replaces them on every configuration reload; an upload reads them once, as it starts.
public final class UploadSettings: Sendable {
    public struct Values: Sendable {
        public var token: [UInt8]?
        public var maxBytes: Int64
        public var timeframes: [Timeframe]

        public init(token: [UInt8]?, maxBytes: Int64, timeframes: [Timeframe]) {
            self.token = token
            self.maxBytes = maxBytes
            self.timeframes = timeframes
        }
    }

    private let values: Mutex<Values>

    public init(_ values: Values) {
        self.values = Mutex(values)
    }

    public var current: Values {
        get { values.withLock { $0 } }
        set { values.withLock { $0 = newValue } }
    }
}

extension UploadSettings.Values {
    /// Lets the request through, or says why not: 403 while no token is configured, 401 (with the `WWW-Authenticate`
    /// challenge of RFC 6750) for a missing or wrong one.
    func authorize(_ authorization: String?) throws(APIError) {
        guard let token, !token.isEmpty else {
            throw APIError(
                .forbidden, "uploads are disabled: set web.api_token_file to a file holding a bearer token and reload the configuration",
                detail: ["setting": .string("web.api_token_file")])
        }
        let challenge: HTTPFields = [.wwwAuthenticate: "Bearer realm=\"pairwatch\""]
        guard let authorization, let space = authorization.firstIndex(of: " "),
            authorization[..<space].lowercased() == "bearer"
        else {
            throw APIError(.unauthorized, "missing bearer token: send Authorization: Bearer <token>", headers: challenge)
        }
        let sent = authorization[authorization.index(after: space)...].drop { $0 == " " }
        guard Self.constantTimeEqual(token, Array(sent.utf8)) else {
            throw APIError(.unauthorized, "wrong bearer token", headers: challenge)
        }
    }

    /// Compares every byte of `expected` whatever the content of `sent`, so the time taken tells nothing of how much
    /// of a guess was right (only whether its length was).
    static func constantTimeEqual(_ expected: [UInt8], _ sent: [UInt8]) -> Bool {
        var difference: UInt8 = expected.count == sent.count ? 0 : 1
        for index in expected.indices { difference |= expected[index] ^ (index < sent.count ? sent[index] : 0) }
        return difference == 0
    }
}
