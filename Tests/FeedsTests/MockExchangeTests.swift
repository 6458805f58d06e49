// SPDX-License-Identifier: Apache-2.0
import BinanceMock
import Foundation
import TestSupport
import Testing

private let eventKeys: Set<String> = ["e", "E", "a", "s", "p", "q", "nq", "f", "l", "T", "m", "st"]

@Test func combinedStream_whenTradesAreGenerated_deliversEverySymbolsConsecutiveIDsWrapped() async throws {
    try await withMockExchange { exchange, port in
        let client = StreamClient(port: port, path: "/market/stream?streams=btcusdt@aggTrade/ethusdt@aggTrade")
        try await exchange.waitForConnections(1)
        exchange.generate(20)
        let trades = await client.texts(40).compactMap(ReceivedTrade.init)
        #expect(trades.count == 40)
        for symbol in ["BTCUSDT", "ETHUSDT"] {
            let ids = trades.filter { $0.symbol == symbol }.map(\.id)
            let generated = try #require(exchange.generatedIDs(symbol: symbol))
            #expect(ids == Array(generated), "\(symbol)")
            #expect(trades.filter { $0.symbol == symbol }.allSatisfy { $0.stream == symbol.lowercased() + "@aggTrade" })
        }
        #expect(trades.allSatisfy { $0.keys == eventKeys })
        // The symbols' id ranges are apart, and the fifth symbol's would be past 2^32.
        #expect(exchange.generatedIDs(symbol: "BTCUSDT")?.lowerBound == 1_000_000_000)
        #expect(MockExchangeConfiguration.defaultStartID(index: 4) > Int64(UInt32.max))
    }
}

@Test func rawStream_whenTradesAreGenerated_sendsTheEventAloneWithBinanceFields() async throws {
    try await withMockExchange(MockExchangeConfiguration(startIDs: ["BTCUSDT": 5_000_000_000])) { exchange, port in
        let client = StreamClient(port: port, path: "/market/ws/btcusdt@aggTrade")
        try await exchange.waitForConnections(1)
        exchange.generate(3)
        let texts = await client.texts(3)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(texts[0].utf8)) as? [String: Any])
        #expect(object["stream"] == nil)
        #expect(Set(object.keys) == eventKeys)
        #expect(texts.compactMap(ReceivedTrade.init).map(\.id) == [5_000_000_000, 5_000_000_001, 5_000_000_002])
        let price = try #require(object["p"] as? String)
        #expect(price.split(separator: ".").last?.count == 2, "BTCUSDT prices print two decimals: \(price)")
        let time = try #require((object["T"] as? NSNumber)?.int64Value)
        let event = try #require((object["E"] as? NSNumber)?.int64Value)
        #expect(event > time && event <= time + 5)
        let times = texts.compactMap { text in
            ((try? JSONSerialization.jsonObject(with: Data(text.utf8))) as? [String: Any])?["T"] as? NSNumber
        }
        #expect(Set(times.map(\.int64Value)) == [time], "trades generated together share T")
        #expect(exchange.state.connections.first?.combined == false)
    }
}

@Test func stream_whenConnectingAfterTrades_startsAtTheNextTradeWithoutReplay() async throws {
    try await withMockExchange { exchange, port in
        exchange.generate(5, symbol: "ETHUSDT")
        let client = StreamClient(port: port, path: "/market/ws/ethusdt@aggTrade")
        try await exchange.waitForConnections(1)
        exchange.generate(3, symbol: "ETHUSDT")
        let ids = await client.texts(3).compactMap(ReceivedTrade.init).map(\.id)
        let first = try #require(exchange.generatedIDs(symbol: "ETHUSDT")?.lowerBound)
        #expect(ids == [first + 5, first + 6, first + 7])
    }
}

@Test func stream_onTheWrongPath_isAcknowledgedAndSilent() async throws {
    try await withMockExchange { exchange, port in
        let client = StreamClient(port: port, path: "/public/ws/btcusdt@aggTrade")
        try await exchange.waitForConnections(1)
        exchange.generate(5)
        client.send(#"{"method":"LIST_SUBSCRIPTIONS","id":7}"#)
        // The reply is the first text: the five trades never came.
        #expect(await client.texts(1) == [#"{"result":["btcusdt@aggTrade"],"id":7}"#])
    }
}

@Test func controlMessages_whenSubscribingListingAndUnsubscribing_answerAsBinance() async throws {
    try await withMockExchange { exchange, port in
        let client = StreamClient(port: port, path: "/market/ws")
        let exchanges: [(String, String)] = [
            (#"{"method":"SUBSCRIBE","params":["btcusdt@aggTrade"],"id":1}"#, #"{"result":null,"id":1}"#),
            (#"{"method":"LIST_SUBSCRIPTIONS","id":2}"#, #"{"result":["btcusdt@aggTrade"],"id":2}"#),
            (
                #"{"method":"SUBSCRIBE","params":["btcusdt@aggTrade"],"id":"3"}"#,
                #"{"code":2,"msg":"Invalid request: request ID must be an unsigned integer"}"#
            ),
            (#"{"method":"SUBSCRIBE","params":["dogeusdt@aggTrade"],"id":4}"#, #"{"code":2,"msg":"Invalid request: invalid stream","id":4}"#),
            (
                #"{"method":"SUBSCRIBE","params":["ethusdt@aggTrade"],"id":-5}"#,
                #"{"code":2,"msg":"Invalid request: request ID must be an unsigned integer"}"#
            ),
        ]
        for (request, reply) in exchanges {
            client.send(request)
            #expect(await client.texts(1) == [reply], "\(request)")
        }
        exchange.generate(1)
        #expect(await client.texts(1).compactMap(ReceivedTrade.init).map(\.symbol) == ["BTCUSDT"])
        client.send(#"{"method":"UNSUBSCRIBE","params":["btcusdt@aggTrade"],"id":6}"#)
        #expect(await client.texts(1) == [#"{"result":null,"id":6}"#])
        exchange.generate(1)
        client.send(#"{"method":"LIST_SUBSCRIPTIONS","id":7}"#)
        #expect(await client.texts(1) == [#"{"result":[],"id":7}"#])
        #expect(exchange.state.connections.first?.clientMessages == 7)
    }
}

@Test func messageLimit_whenTheClientSendsElevenMessagesInASecond_closesWith1008AndRecordsIt() async throws {
    try await withMockExchange { exchange, port in
        // Sent at once, so the mock counts them within one second however loaded the machine is.
        let polite = StreamClient(port: port, path: "/market/ws")
        try await exchange.waitForConnections(1)
        for id in 1...10 { polite.send("{\"method\":\"LIST_SUBSCRIPTIONS\",\"id\":\(id)}") }
        #expect(await polite.texts(10).count == 10)
        let eager = StreamClient(port: port, path: "/market/ws")
        try await exchange.waitForConnections(2)
        for id in 1...11 { eager.send("{\"method\":\"LIST_SUBSCRIPTIONS\",\"id\":\(id)}") }
        #expect(await eager.end()?.closeCode == .policyViolation)
        let state = exchange.state
        #expect(state.rateLimitCloses == 1)
        #expect(state.connections.map(\.closeReason) == [nil, "rate-limit"])
        #expect(state.connections.map(\.clientMessages) == [10, 11])
        polite.close()
    }
}

@Test func pings_whenTheIntervalIsShort_flowAndTheClientsPongsAreCounted() async throws {
    try await withMockExchange(MockExchangeConfiguration(pingInterval: .milliseconds(200))) { exchange, port in
        let client = StreamClient(port: port, path: "/market/ws/btcusdt@aggTrade")
        try await exchange.waitForConnections(1)
        try await eventually { (exchange.state.connections.first?.pongsReceived ?? 0) >= 3 }
        let connection = try #require(exchange.state.connections.first)
        #expect(connection.pingsSent >= connection.pongsReceived)
        #expect(connection.clientMessages >= 3, "pongs count against the message limit")
        #expect(exchange.state.rateLimitCloses == 0)
        client.close()
    }
}

@Test func generator_whenRunningPausedAndResumed_tradesAtItsRateWithConsecutiveIDs() async throws {
    let configuration = MockExchangeConfiguration(symbols: ["SOLUSDT"], tradesPerSecond: 500)
    try await withMockExchange(configuration) { exchange, _ in
        try await eventually { exchange.state.symbols[0].count >= 50 }
        exchange.pause()
        #expect(exchange.state.generator == "paused")
        try await Task.sleep(for: .milliseconds(60))
        let paused = exchange.state.symbols[0].count
        try await Task.sleep(for: .milliseconds(60))
        #expect(exchange.state.symbols[0].count == paused)
        exchange.resume()
        try await eventually { exchange.state.symbols[0].count >= paused + 50 }
        exchange.stopGenerating()
        exchange.resume()
        #expect(exchange.state.generator == "stopped")
        let history = exchange.history(symbol: "SOLUSDT")
        #expect(zip(history, history.dropFirst()).allSatisfy { $1.id == $0.id + 1 })
    }
}
