// SPDX-License-Identifier: Apache-2.0
import BinanceMock
import Foundation
import MarketData
import TestSupport
import Testing

@Test func controlAPI_whenFaultsArePostedAsQueryAndJSON_queuesThemAndCountsThemApplied() async throws {
    try await withMockExchange { exchange, port in
        let query = try await http("POST", port: port, "/mock/faults?kind=429&count=2&seconds=3")
        #expect(query.status == 200 && query.text == #"{"injected":2}"#)
        let body = try await http("POST", port: port, "/mock/faults", body: #"[{"kind":"5xx","status":504},{"kind":"stall","seconds":1}]"#)
        #expect(body.status == 200 && body.text == #"{"injected":2}"#)
        let unknown = try await http("POST", port: port, "/mock/faults?kind=meteor")
        #expect(unknown.status == 400 && unknown.text.contains("unknown kind meteor"))
        #expect(exchange.state.faultsPending == 4)
        let target = "/fapi/v1/aggTrades?symbol=BTCUSDT"
        let first = try await http(port: port, target)
        #expect(first.status == 429 && first.headers["retry-after"] == "3")
        #expect(try await http(port: port, target).status == 429)
        #expect(try await http(port: port, target).status == 504)
        #expect(try await http(port: port, target).status == 200)
        let state = try JSONDecoder().decode(MockState.self, from: try await http(port: port, "/mock/state").body)
        #expect(state.faultsApplied == ["429": 2, "5xx": 1])
        #expect(state.faultsPending == 1)
        #expect(state.port == port)
        #expect(state.restCalls == 4)
    }
}

@Test func controlAPI_whenGeneratorIsControlled_reportsItInTheState() async throws {
    try await withMockExchange { exchange, port in
        #expect(try await http("POST", port: port, "/mock/generate?count=3&symbol=ETHUSDT").status == 200)
        #expect(try await http("POST", port: port, "/mock/pause").status == 200)
        var state = try JSONDecoder().decode(MockState.self, from: try await http(port: port, "/mock/state").body)
        #expect(state.generator == "paused")
        #expect(state.symbols.map(\.count) == [0, 3])
        #expect(state.symbols[1].firstID == 2_000_000_000 && state.symbols[1].lastID == 2_000_000_002)
        _ = try await http("POST", port: port, "/mock/resume")
        #expect(exchange.state.generator == "running")
        _ = try await http("POST", port: port, "/mock/stop")
        _ = try await http("POST", port: port, "/mock/resume")
        state = try JSONDecoder().decode(MockState.self, from: try await http(port: port, "/mock/state").body)
        #expect(state.generator == "stopped")
    }
}

@Test func randomFault_fromOneSeed_isReproducibleAndCoversEveryKind() {
    let seed = testSeed()
    var one = SplitMix64(seed: seed)
    var other = SplitMix64(seed: seed)
    let first = (0..<300).map { _ in MockFault.random(using: &one) }
    #expect(first == (0..<300).map { _ in MockFault.random(using: &other) })
    #expect(Set(first.map(\.kind)) == Set(MockFault.Kind.allCases))
}

@Test func randomFaults_whenRunning_keepOneFaultPendingPerSideAndStopWhenCancelled() async throws {
    let seed = testSeed()
    try await withMockExchange { exchange, _ in
        // About a hundred draws a second; with nothing to take them, one per side stays pending.
        let faults = RandomFaults(exchange: exchange, perMinute: 6_000, seed: seed)
        let task = Task { try await faults.run() }
        try await eventually { exchange.state.faultsPending == 2 }
        try await Task.sleep(for: .milliseconds(100))
        #expect(exchange.state.faultsPending == 2)
        task.cancel()
        try await task.value
    }
}
