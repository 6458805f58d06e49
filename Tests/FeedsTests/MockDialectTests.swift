// SPDX-License-Identifier: Apache-2.0
import BinanceMock
import Foundation
import MarketData
import TestSupport
import Testing

@Test func mockFrames_decodedWithThePairwatchDecoder_areTheGeneratedTrades() async throws {
    try await withMockExchange(MockExchangeConfiguration(symbols: ["BTCUSDT", "1000PEPEUSDT"])) { exchange, port in
        let combined = StreamClient(port: port, path: "/market/stream?streams=btcusdt@aggTrade/1000pepeusdt@aggTrade")
        let raw = StreamClient(port: port, path: "/market/ws/btcusdt@aggTrade")
        try await exchange.waitForConnections(2)
        exchange.generate(5)
        let generated = exchange.generatedTrades(symbol: "BTCUSDT") + exchange.generatedTrades(symbol: "1000PEPEUSDT")
        var decoded: [Trade] = []
        for text in await combined.texts(10) {
            guard case .trade(let trade, let eventTimeMs) = try BinanceDecoder.decode(text) else { continue }
            #expect(eventTimeMs > trade.timeMs)
            decoded.append(trade)
        }
        #expect(
            decoded.sorted { ($0.symbol, $0.tradeID) < ($1.symbol, $1.tradeID) }
                == generated.sorted { ($0.symbol, $0.tradeID) < ($1.symbol, $1.tradeID) })
        let rawTrades = try await raw.texts(5).map { text -> Trade? in
            guard case .trade(let trade, _) = try BinanceDecoder.decode(text) else { return nil }
            return trade
        }
        #expect(rawTrades == exchange.generatedTrades(symbol: "BTCUSDT"))
        let body = try await http(port: port, "/fapi/v1/aggTrades?symbol=1000PEPEUSDT").body
        let rest = try body.withUnsafeBytes { bytes in try BinanceDecoder.decodeAggTrades(bytes, symbol: "1000PEPEUSDT") }
        #expect(rest == exchange.generatedTrades(symbol: "1000PEPEUSDT"))
    }
}

@Test func mockControlReplies_decodedWithThePairwatchDecoder_areRepliesAndErrors() async throws {
    try await withMockExchange { exchange, port in
        let client = StreamClient(port: port, path: "/market/ws")
        try await exchange.waitForConnections(1)
        client.send(#"{"method":"SUBSCRIBE","params":["btcusdt@aggTrade"],"id":1}"#)
        client.send(#"{"method":"SUBSCRIBE","params":["nope@aggTrade"],"id":2}"#)
        client.send(#"{"method":"LIST_SUBSCRIPTIONS","id":"3"}"#)
        let messages = try await client.texts(3).map { try BinanceDecoder.decode($0) }
        #expect(messages[0] == .reply(id: 1))
        #expect(messages[1] == .error(code: 2, message: "Invalid request: invalid stream", id: 2))
        #expect(messages[2] == .error(code: 2, message: "Invalid request: request ID must be an unsigned integer", id: nil))
    }
}
