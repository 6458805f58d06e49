// SPDX-License-Identifier: Apache-2.0
import Testing

@testable import BinanceMock

@Test(arguments: [
    (
        "/market/stream?streams=btcusdt@aggTrade/ethusdt@aggTrade",
        StreamRoute.Expected(combined: true, trades: true, streams: ["btcusdt@aggTrade", "ethusdt@aggTrade"])
    ),
    ("/market/stream?timeUnit=MILLISECOND&streams=btcusdt%40aggTrade", .init(combined: true, trades: true, streams: ["btcusdt@aggTrade"])),
    ("/market/ws/btcusdt@aggTrade/ethusdt@aggTrade", .init(combined: false, trades: true, streams: ["btcusdt@aggTrade", "ethusdt@aggTrade"])),
    ("/market/ws", .init(combined: false, trades: true, streams: [])),
    ("/public/ws/btcusdt@aggTrade", .init(combined: false, trades: false, streams: ["btcusdt@aggTrade"])),
    ("/stream?streams=btcusdt@aggTrade", .init(combined: true, trades: false, streams: ["btcusdt@aggTrade"])),
])
func streamRoute_forARequestTarget_readsFramingPathAndStreams(target: String, expected: StreamRoute.Expected) {
    let route = StreamRoute(target: target)
    #expect(route.map { StreamRoute.Expected(combined: $0.combined, trades: $0.carriesTrades, streams: $0.streams) } == expected)
}

@Test(arguments: ["/", "/market", "/market/stream/btcusdt@aggTrade", "/fapi/v1/aggTrades"])
func streamRoute_forAnotherTarget_isNil(target: String) {
    #expect(StreamRoute(target: target) == nil)
}

@Test func fixedPoint_keepsTrailingZerosAndLeadingFractionZeros() {
    #expect(fixedPoint(6_800_500, decimals: 2) == "68005.00")
    #expect(fixedPoint(123_456, decimals: 7) == "0.0123456")
    #expect(fixedPoint(42, decimals: 0) == "42")
}

extension StreamRoute {
    /// What a test expects of a route, comparable and printable.
    struct Expected: Equatable, Sendable, CustomStringConvertible {
        var combined: Bool
        var trades: Bool
        var streams: [String]

        var description: String { "\(combined ? "combined" : "raw") \(trades ? "trades" : "silent") \(streams)" }
    }
}
