// SPDX-License-Identifier: Apache-2.0
import BinanceMock
import Foundation
import TestSupport
import Testing

/// Connects to BTCUSDT's combined stream and waits until the mock serves it and the client has had an answer,
/// so a fault that drops the connection finds the client's side of the upgrade done.
private func connect(_ exchange: MockExchange, port: Int, count: Int = 1) async throws -> StreamClient {
    let client = StreamClient(port: port, path: "/market/stream?streams=btcusdt@aggTrade")
    try await exchange.waitForConnections(count)
    client.send(#"{"method":"LIST_SUBSCRIPTIONS","id":1}"#)
    #expect(await client.texts(1) == [#"{"result":["btcusdt@aggTrade"],"id":1}"#])
    return client
}

@Test func closeAbruptly_onTheNextTrade_endsTheConnectionWithoutACloseFrame() async throws {
    try await withMockExchange { exchange, port in
        let client = try await connect(exchange, port: port)
        exchange.inject(.closeAbruptly(allConnections: false))
        exchange.generate(1, symbol: "BTCUSDT")
        #expect(await client.texts(1).isEmpty)
        #expect(await client.end() == nil)
        let state = exchange.state
        #expect(state.connections.first?.closeReason == "abrupt")
        #expect(state.faultsApplied == ["close": 1])
        #expect(state.faultsPending == 0)
    }
}

@Test func closeAbruptly_onAllConnections_endsEveryOpenConnection() async throws {
    try await withMockExchange { exchange, port in
        let first = try await connect(exchange, port: port)
        let second = try await connect(exchange, port: port, count: 2)
        exchange.inject(.closeAbruptly(allConnections: true))
        exchange.generate(1, symbol: "BTCUSDT")
        #expect(await first.end() == nil)
        #expect(await second.end() == nil)
        try await eventually { exchange.state.connections.allSatisfy { $0.closedAtMs != nil } }
        #expect(exchange.state.connections.map(\.closeReason) == ["abrupt", "abrupt"])
        #expect(exchange.state.faultsApplied == ["close-all": 1])
    }
}

@Test func closePolicyViolation_onTheNextTrade_sendsCloseCode1008() async throws {
    try await withMockExchange { exchange, port in
        let client = try await connect(exchange, port: port)
        exchange.inject(.closePolicyViolation)
        exchange.generate(1, symbol: "BTCUSDT")
        #expect(await client.end()?.closeCode == .policyViolation)
        #expect(exchange.state.connections.first?.closeReason == "1008")
        #expect(exchange.state.rateLimitCloses == 0, "an injected 1008 is not the client's doing")
    }
}

@Test func stall_forADuration_losesTheTradesMeanwhileWhilePingsFlow() async throws {
    let configuration = MockExchangeConfiguration(pingInterval: .milliseconds(150))
    try await withMockExchange(configuration) { exchange, port in
        let client = try await connect(exchange, port: port)
        // Long enough for two pings and their pongs on a loaded machine (the pings go every 150 ms).
        exchange.inject(.stall(.seconds(3)))
        exchange.generate(3, symbol: "BTCUSDT")
        try await eventually { exchange.state.connections[0].tradesLost == 3 }
        let pongsBefore = exchange.state.connections[0].pongsReceived
        try await eventually { exchange.state.connections[0].pongsReceived >= pongsBefore + 2 }
        #expect(exchange.state.connections[0].stalled, "the pongs came during the stall")
        try await eventually { !exchange.state.connections[0].stalled }
        exchange.generate(2, symbol: "BTCUSDT")
        let first = try #require(exchange.generatedIDs(symbol: "BTCUSDT")?.lowerBound)
        #expect(await client.texts(2).compactMap(ReceivedTrade.init).map(\.id) == [first + 3, first + 4])
        try await eventually { exchange.state.connections[0].tradesSent == 2 }
    }
}

/// What the client sees for three trades when a fault hits the first: each trade's offset from the first id,
/// `nil` for a frame that is not a trade.
@Test(
    arguments: [
        (MockFault.garbageFrame, [nil, 0, 1, 2]),
        (MockFault.truncatedFrame, [nil, 1, 2]),
        (MockFault.duplicateFrame, [0, 0, 1, 2]),
        (MockFault.reorderFrames, [1, 0, 2]),
    ] as [(MockFault, [Int64?])])
func frameFault_onTheFirstOfThreeTrades_isWhatTheClientSees(fault: MockFault, expected: [Int64?]) async throws {
    try await withMockExchange { exchange, port in
        let client = try await connect(exchange, port: port)
        exchange.inject(fault)
        exchange.generate(3, symbol: "BTCUSDT")
        let texts = await client.texts(expected.count)
        let first = try #require(exchange.generatedIDs(symbol: "BTCUSDT")?.lowerBound)
        #expect(texts.map { ReceivedTrade($0).map { $0.id - first } } == expected)
        if fault == .truncatedFrame {
            #expect(texts[0].hasPrefix(#"{"stream":"btcusdt@aggTrade","data":{"e":"aggTrade""#))
        }
        #expect(exchange.state.faultsApplied == [fault.kind.rawValue: 1])
    }
}

@Test func streamFault_forOneConnection_waitsForThatConnection() async throws {
    try await withMockExchange { exchange, port in
        let first = try await connect(exchange, port: port)
        let second = try await connect(exchange, port: port, count: 2)
        exchange.inject(.duplicateFrame, connection: 2)
        exchange.generate(1, symbol: "BTCUSDT")
        #expect(await first.texts(1).count == 1)
        #expect(await second.texts(2).compactMap(ReceivedTrade.init).map(\.id).count == 2)
        try await eventually { exchange.state.connections.map(\.tradesSent) == [1, 2] }
    }
}
