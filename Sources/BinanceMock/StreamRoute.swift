// SPDX-License-Identifier: Apache-2.0
import Foundation

/// What a WebSocket request path asks for: raw (`/market/ws/btcusdt@aggTrade/…`) or combined
/// (`/market/stream?streams=btcusdt@aggTrade/…`) framing, and the streams to start with.
///
/// Trades flow only under `/market`; the same paths under `/public` or at the root (where the streams lived
/// before April 2026) are acknowledged and stay silent, as Binance does with a stream on the wrong path.
struct StreamRoute: Sendable, Equatable {
    var combined: Bool
    var carriesTrades: Bool
    var streams: [String]

    init?(target: String) {
        let parts = target.split(separator: "?", maxSplits: 1)
        var segments = (parts.first ?? "").split(separator: "/").map(String.init)
        carriesTrades = segments.first == "market"
        if segments.first == "market" || segments.first == "public" { segments.removeFirst() }
        switch segments.first {
        case "ws":
            combined = false
            streams = Array(segments.dropFirst())
        case "stream" where segments.count == 1:
            combined = true
            let query = parts.count > 1 ? parts[1] : ""
            let value = query.split(separator: "&").first { $0.hasPrefix("streams=") }?.dropFirst("streams=".count) ?? ""
            // Some clients escape `@` as `%40`.
            streams = value.split(separator: "/").map { String($0).removingPercentEncoding ?? String($0) }
        default:
            return nil
        }
    }
}
