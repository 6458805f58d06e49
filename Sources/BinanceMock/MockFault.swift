// SPDX-License-Identifier: Apache-2.0
import MarketData

/// A misbehaviour the mock commits once, on the next event it matches: the next trade frame any connection
/// (or the targeted one) is about to send for the stream faults, the next `aggTrades` request for the REST ones.
public enum MockFault: Sendable, Hashable {
    /// TCP close without a close frame, on the connection sending next or on every open one.
    case closeAbruptly(allConnections: Bool)
    /// A close frame with code 1008 (policy violation), as Binance sends to a client over its message rate.
    case closePolicyViolation
    /// No trades for `duration` with the socket open and pings flowing; the trades meanwhile are lost to the
    /// connection, the trade the stall starts with included.
    case stall(Duration)
    /// A text frame of random bytes (not valid UTF-8, not JSON) before the trade.
    case garbageFrame
    /// The first half of the trade's frame text instead of the frame: the trade is lost to the connection.
    case truncatedFrame
    /// The trade's frame sent twice.
    case duplicateFrame
    /// The trade held back and sent after the next trade of the same symbol.
    case reorderFrames
    /// HTTP 429 with `Retry-After: seconds`.
    case restTooManyRequests(retryAfterSeconds: Int)
    /// HTTP 418 (IP banned) with `Retry-After: seconds`.
    case restBanned(retryAfterSeconds: Int)
    /// A 5xx status (500, 502, 503, 504…).
    case restServerError(status: Int)
    /// The response delayed by `duration`, then served normally.
    case restSlow(Duration)

    /// The kind of a fault, for counters and for the HTTP control API (`kind=stall`).
    public enum Kind: String, Sendable, Hashable, CaseIterable, Codable {
        case close
        case closeAll = "close-all"
        case close1008 = "close-1008"
        case stall
        case garbage
        case truncate
        case duplicate
        case reorder
        case rest429 = "429"
        case rest418 = "418"
        case rest5xx = "5xx"
        case slow
    }

    public var kind: Kind {
        switch self {
        case .closeAbruptly(let all): all ? .closeAll : .close
        case .closePolicyViolation: .close1008
        case .stall: .stall
        case .garbageFrame: .garbage
        case .truncatedFrame: .truncate
        case .duplicateFrame: .duplicate
        case .reorderFrames: .reorder
        case .restTooManyRequests: .rest429
        case .restBanned: .rest418
        case .restServerError: .rest5xx
        case .restSlow: .slow
        }
    }

    /// Whether the fault waits for an `aggTrades` request rather than a trade frame.
    public var isREST: Bool {
        switch kind {
        case .rest429, .rest418, .rest5xx, .slow: true
        default: false
        }
    }

    /// A fault of `kind`; `seconds` sets a stall's or a delay's length and a 429's or 418's `Retry-After`,
    /// `status` a 5xx's status.
    public init(kind: Kind, seconds: Double? = nil, status: Int? = nil) {
        let duration = Duration.milliseconds(Int64(((seconds ?? 2) * 1_000).rounded()))
        let retryAfter = Int((seconds ?? 1).rounded(.up))
        switch kind {
        case .close: self = .closeAbruptly(allConnections: false)
        case .closeAll: self = .closeAbruptly(allConnections: true)
        case .close1008: self = .closePolicyViolation
        case .stall: self = .stall(duration)
        case .garbage: self = .garbageFrame
        case .truncate: self = .truncatedFrame
        case .duplicate: self = .duplicateFrame
        case .reorder: self = .reorderFrames
        case .rest429: self = .restTooManyRequests(retryAfterSeconds: retryAfter)
        case .rest418: self = .restBanned(retryAfterSeconds: retryAfter)
        case .rest5xx: self = .restServerError(status: status ?? 503)
        case .slow: self = .restSlow(duration)
        }
    }

    /// A fault of a kind drawn uniformly, with a short random length: what the soak's `--random-faults` injects.
    public static func random(using random: inout SplitMix64) -> MockFault {
        let kinds = Kind.allCases
        let kind = kinds[Int(random.next() % UInt64(kinds.count))]
        let seconds = 0.5 + 4.5 * random.nextUnit()
        let status = [500, 502, 503, 504][Int(random.next() % 4)]
        return MockFault(kind: kind, seconds: seconds, status: status)
    }
}
