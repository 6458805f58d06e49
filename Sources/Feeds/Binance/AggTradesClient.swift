// SPDX-License-Identifier: Apache-2.0
import AsyncHTTPClient
import Logging
import MarketData
import NIOCore
import Synchronization

/// Fetches Binance USD-M aggregate trades over REST (`GET /fapi/v1/aggTrades`), paging by id, within a weight
/// budget, honouring 429/418 `Retry-After` and retrying 5xx and network errors with backoff.
///
/// Used by the live feed to fill gaps and alone by `pairwatch backfill`. The caller owns the `HTTPClient`.
public final class AggTradesClient<C: Clock<Duration>>: Sendable {
    /// Binance's weight of one aggTrades call.
    public static var weightPerCall: Int { 20 }
    /// REST history reaches this far back; older trades come from data.binance.vision files.
    public static var historyHours: Int { 48 }

    let http: HTTPClient
    private let baseURL: String
    let pageLimit: Int
    let maxAttempts: Int
    let clock: C
    let gate: RestRateGate<C>
    let backoffState: Mutex<ReconnectBackoff>
    private let recorder: FrameRecorder?
    private let nowMs: @Sendable () -> Int64
    let logger: Logger

    public init(
        httpClient: HTTPClient, baseURL: String, pageLimit: Int = 1_000, weightPerMinute: Int = 1_200, maxAttempts: Int = 8,
        initialBackoff: Duration = .seconds(1), maximumBackoff: Duration = .seconds(60), seed: UInt64 = 0x5EED,
        clock: C, recorder: FrameRecorder? = nil, nowMs: @escaping @Sendable () -> Int64, logger: Logger
    ) {
        http = httpClient
        self.baseURL = baseURL.hasSuffix("/") ? String(baseURL.dropLast()) : baseURL
        self.pageLimit = min(max(pageLimit, 1), 1_000)
        self.maxAttempts = max(maxAttempts, 1)
        self.clock = clock
        gate = RestRateGate(clock: clock, weightPerWindow: weightPerMinute)
        backoffState = Mutex(ReconnectBackoff(initial: initialBackoff, maximum: maximumBackoff, healthyAfter: .zero, seed: seed))
        self.recorder = recorder
        self.nowMs = nowMs
        self.logger = logger
    }

    /// One page: up to `pageLimit` trades of `symbol` from `fromId` on, in id order (empty when there are none yet).
    public func page(symbol: String, fromId: Int64) async throws -> [Trade] {
        let url = "\(baseURL)/fapi/v1/aggTrades?symbol=\(symbol)&fromId=\(fromId)&limit=\(pageLimit)"
        return try await decode(try await get(url), symbol: symbol, url: url)
    }

    /// The id of the first trade of `symbol` at or after `timeMs`, looking one hour window at a time up to now;
    /// nil when there is none.
    public func firstID(symbol: String, atOrAfterMs timeMs: Int64) async throws -> Int64? {
        var start = timeMs
        let hour: Int64 = 3_600_000
        while start <= nowMs() {
            // Binance wants the window under one hour.
            let url = "\(baseURL)/fapi/v1/aggTrades?symbol=\(symbol)&startTime=\(start)&endTime=\(start + hour - 1)&limit=1"
            if let first = try await decode(try await get(url), symbol: symbol, url: url).first { return first.tradeID }
            start += hour
        }
        return nil
    }

    /// Fetches the trades of `symbol` from `fromId` (to `until` inclusive, or until caught up), handing each page to
    /// `deliver` and reporting after it to `progress`. Ids REST no longer has are reported as gaps, not fetched.
    public func fetch(
        symbol: String, fromId: Int64, until: Int64? = nil,
        progress: (AggTradesFetchSummary) -> Void = { _ in },
        deliver: ([Trade]) async throws -> Void
    ) async throws -> AggTradesFetchSummary {
        var summary = AggTradesFetchSummary()
        var next = fromId
        while until.map({ next <= $0 }) ?? true {
            let page = try await page(symbol: symbol, fromId: next)
            guard let first = page.first, let last = page.last else { break }
            if first.tradeID > next {
                let lost = next...first.tradeID - 1
                summary.gaps.append(lost)
                logger.warning("\(Self.gapMessage(symbol: symbol, lost: lost))")
            }
            let wanted = until.map { bound in page.filter { $0.tradeID <= bound } } ?? page
            if !wanted.isEmpty { try await deliver(wanted) }
            summary.trades += wanted.count
            summary.lastID = wanted.last?.tradeID ?? summary.lastID
            progress(summary)
            next = last.tradeID + 1
            if page.count < pageLimit { break }
        }
        return summary
    }

    /// The warning for ids older than the REST history, with the way to fill them.
    static func gapMessage(symbol: String, lost: ClosedRange<Int64>) -> String {
        "\(symbol): aggregate trades \(lost.lowerBound)...\(lost.upperBound) are older than the REST history "
            + "(\(historyHours) h) and cannot be backfilled; fill them with `pairwatch import` from data.binance.vision "
            + "aggTrades files"
    }

    private func decode(_ body: ByteBuffer, symbol: String, url: String) async throws -> [Trade] {
        if let recorder {
            let receivedMs = nowMs()
            body.withUnsafeReadableBytes { recorder.record(restBody: $0, symbol: symbol, receivedMs: receivedMs) }
        }
        do {
            return try body.withUnsafeReadableBytes { bytes in try BinanceDecoder.decodeAggTrades(bytes, symbol: symbol) }
        } catch {
            throw AggTradesError(description: "GET \(url): \(error)")
        }
    }
}

/// What `AggTradesClient.fetch` did: trades delivered, the last id delivered, the id ranges REST no longer has.
public struct AggTradesFetchSummary: Sendable, Equatable {
    public var trades = 0
    public var lastID: Int64?
    public var gaps: [ClosedRange<Int64>] = []

    public init() {}
}

/// A REST call that failed for good: refused (4xx), or still failing after every retry.
public struct AggTradesError: Error, CustomStringConvertible, Equatable {
    public let description: String
}

extension AggTradesClient {
    /// Runs `body` with a client on an HTTP client of its own, shut down afterwards: for a one-shot fetch (`pairwatch
    /// backfill`) by a caller that has no HTTP client.
    public static func session<T: Sendable>(
        baseURL: String, clock: C, nowMs: @escaping @Sendable () -> Int64, logger: Logger,
        _ body: (AggTradesClient<C>) async throws -> T
    ) async throws -> T {
        let http = HTTPClient(eventLoopGroupProvider: .singleton)
        let client = AggTradesClient(httpClient: http, baseURL: baseURL, clock: clock, nowMs: nowMs, logger: logger)
        do {
            let result = try await body(client)
            try await http.shutdown()
            return result
        } catch {
            try? await http.shutdown()
            throw error
        }
    }
}
