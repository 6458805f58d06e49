// SPDX-License-Identifier: Apache-2.0
import BinanceMock
import Foundation
import TestSupport
import Testing

/// The `a` ids of an `aggTrades` answer.
private func ids(_ reply: HTTPReply) -> [Int64] {
    (reply.json as? [[String: Any]] ?? []).compactMap { ($0["a"] as? NSNumber)?.int64Value }
}

private func errorCode(_ reply: HTTPReply) -> Int? {
    ((reply.json as? [String: Any])?["code"] as? NSNumber)?.intValue
}

/// A time in the middle of a minute, so the REST weight never starts a fresh minute during a test.
private let midMinuteMs: @Sendable () -> Int64 = { 1_800_000_030_000 }

@Test func aggTrades_whenPagingFromAnID_returnsConsecutivePagesWithBinanceFieldsAndWeight() async throws {
    try await withMockExchange(MockExchangeConfiguration(restClockMs: midMinuteMs)) { exchange, port in
        exchange.generate(25, symbol: "BTCUSDT")
        let first = try #require(exchange.generatedIDs(symbol: "BTCUSDT")?.lowerBound)
        var collected: [Int64] = []
        var weights: [String?] = []
        var next = first
        while true {
            let page = try await http(port: port, "/fapi/v1/aggTrades?symbol=BTCUSDT&fromId=\(next)&limit=10")
            #expect(page.status == 200)
            weights.append(page.headers["x-mbx-used-weight-1m"])
            guard let last = ids(page).last else { break }
            collected += ids(page)
            next = last + 1
        }
        #expect(collected == Array(first..<(first + 25)))
        #expect(weights == ["20", "40", "60", "80"])
        let item = try #require(
            (try await http(port: port, "/fapi/v1/aggTrades?symbol=BTCUSDT&fromId=\(first)&limit=1").json as? [[String: Any]])?.first)
        #expect(Set(item.keys) == ["a", "p", "q", "nq", "f", "l", "T", "m"])
        #expect(exchange.state.restCalls == 5)
        #expect(exchange.state.restTradesServed == 26)
    }
}

@Test func aggTrades_withoutLimit_servesFiveHundredAndAtMostAThousand() async throws {
    try await withMockExchange { exchange, port in
        exchange.generate(1_200, symbol: "ETHUSDT")
        let first = try #require(exchange.generatedIDs(symbol: "ETHUSDT")?.lowerBound)
        #expect(ids(try await http(port: port, "/fapi/v1/aggTrades?symbol=ETHUSDT&fromId=\(first)")).count == 500)
        #expect(ids(try await http(port: port, "/fapi/v1/aggTrades?symbol=ETHUSDT&fromId=\(first)&limit=1000")).count == 1_000)
        // Without fromId or times: the newest trades.
        #expect(ids(try await http(port: port, "/fapi/v1/aggTrades?symbol=ETHUSDT&limit=3")) == [first + 1_197, first + 1_198, first + 1_199])
        #expect(ids(try await http(port: port, "/fapi/v1/aggTrades?symbol=ETHUSDT&fromId=\(first + 5_000)")).isEmpty)
    }
}

@Test(arguments: [
    ("symbol=BTCUSDT&limit=1001", -1130),
    ("symbol=BTCUSDT&limit=0", -1130),
    ("symbol=BTCUSDT&limit=ten", -1100),
    ("symbol=BTCUSDT&fromId=-3", -1100),
    ("limit=10", -1102),
    ("symbol=DOGEUSDT", -1121),
    ("symbol=BTCUSDT&fromId=1&startTime=1", -1128),
    ("symbol=BTCUSDT&startTime=0&endTime=3600000", -1127),
    ("symbol=BTCUSDT&startTime=10&endTime=5", -1128),
])
func aggTrades_withBadParameters_answers400WithBinancesCode(query: String, code: Int) async throws {
    try await withMockExchange { _, port in
        let reply = try await http(port: port, "/fapi/v1/aggTrades?\(query)")
        #expect(reply.status == 400)
        #expect(errorCode(reply) == code, "\(reply.text)")
        #expect(reply.headers["content-type"] == "application/json")
    }
}

@Test func aggTrades_pastTheRetainedHistory_startsAtTheOldestRetainedTrade() async throws {
    try await withMockExchange(MockExchangeConfiguration(restHistory: 10)) { exchange, port in
        exchange.generate(30, symbol: "BTCUSDT")
        let first = try #require(exchange.generatedIDs(symbol: "BTCUSDT")?.lowerBound)
        let reply = try await http(port: port, "/fapi/v1/aggTrades?symbol=BTCUSDT&fromId=\(first + 3)&limit=1000")
        // The client asked for first + 3 and sees first + 20: it must record the gap.
        #expect(ids(reply) == Array((first + 20)..<(first + 30)))
        #expect(ids(try await http(port: port, "/fapi/v1/aggTrades?symbol=BTCUSDT&fromId=\(first + 25)")) == Array((first + 25)..<(first + 30)))
    }
}

@Test func aggTrades_inATimeWindow_returnsTheTradesOfTheWindow() async throws {
    try await withMockExchange { exchange, port in
        exchange.generate(4, symbol: "BTCUSDT")
        let time = try #require(exchange.history(symbol: "BTCUSDT").first?.timeMs)
        let ids4 = exchange.history(symbol: "BTCUSDT").map(\.id)
        #expect(ids(try await http(port: port, "/fapi/v1/aggTrades?symbol=BTCUSDT&startTime=\(time)&endTime=\(time)")) == ids4)
        #expect(ids(try await http(port: port, "/fapi/v1/aggTrades?symbol=BTCUSDT&startTime=\(time - 1_000)&endTime=\(time - 1)")).isEmpty)
        #expect(ids(try await http(port: port, "/fapi/v1/aggTrades?symbol=BTCUSDT&startTime=\(time)&limit=2")) == Array(ids4.prefix(2)))
    }
}

@Test func aggTrades_ofACheapSymbol_printSevenPriceDecimalsAndWholeQuantities() async throws {
    try await withMockExchange(MockExchangeConfiguration(symbols: ["1000PEPEUSDT"])) { exchange, port in
        exchange.generate(5)
        let items = try #require(try await http(port: port, "/fapi/v1/aggTrades?symbol=1000PEPEUSDT").json as? [[String: Any]])
        #expect(items.count == 5)
        for item in items {
            let price = try #require(item["p"] as? String)
            #expect(price.hasPrefix("0.0") && price.split(separator: ".")[1].count == 7, "\(price)")
            #expect((item["q"] as? String)?.contains(".") == false)
        }
    }
}

@Test func pingAndTime_answerLikeBinance() async throws {
    try await withMockExchange { _, port in
        let beforePing = Int64(Date().timeIntervalSince1970 * 1_000)
        let ping = try await http(port: port, "/fapi/v1/ping")
        #expect(ping.status == 200 && ping.text == "{}")
        let before = Int64(Date().timeIntervalSince1970 * 1_000)
        let time = try await http(port: port, "/fapi/v1/time")
        let serverTime = try #require(((time.json as? [String: Any])?["serverTime"] as? NSNumber)?.int64Value)
        #expect(abs(serverTime - before) < 5_000)
        // Weight counts per wall-clock minute, as Binance's does: both calls weigh 2 within one minute, and the count
        // starts again when the minute turned between them (a test slowed down by load can straddle the turn).
        let weight = time.headers["x-mbx-used-weight-1m"]
        if serverTime / 60_000 == beforePing / 60_000 {
            #expect(weight == "2")
        } else if serverTime / 60_000 > before / 60_000 {
            #expect(weight == "1")
        } else {
            #expect(weight == "1" || weight == "2", "the minute turned while the ping was served")
        }
    }
}

@Test func restFaults_onTheNextCalls_answer429And418And5xxThenServeAgain() async throws {
    try await withMockExchange { exchange, port in
        exchange.generate(3, symbol: "BTCUSDT")
        exchange.inject(.restTooManyRequests(retryAfterSeconds: 7))
        exchange.inject(.restBanned(retryAfterSeconds: 120))
        exchange.inject(.restServerError(status: 502))
        exchange.inject(.duplicateFrame)
        let target = "/fapi/v1/aggTrades?symbol=BTCUSDT&fromId=0"
        let tooMany = try await http(port: port, target)
        #expect(tooMany.status == 429 && tooMany.headers["retry-after"] == "7" && errorCode(tooMany) == -1003)
        let banned = try await http(port: port, target)
        #expect(banned.status == 418 && banned.headers["retry-after"] == "120")
        #expect(try await http(port: port, target).status == 502)
        #expect(ids(try await http(port: port, target)).count == 3)
        #expect(exchange.state.faultsApplied == ["429": 1, "418": 1, "5xx": 1])
        #expect(exchange.state.faultsPending == 1, "the stream fault still waits for a trade frame")
    }
}

@Test func restSlow_onTheNextCall_delaysTheAnswer() async throws {
    try await withMockExchange { exchange, port in
        exchange.generate(1, symbol: "BTCUSDT")
        exchange.inject(.restSlow(.milliseconds(300)))
        let start = ContinuousClock.now
        let reply = try await http(port: port, "/fapi/v1/aggTrades?symbol=BTCUSDT")
        #expect(start.duration(to: .now) >= .milliseconds(300))
        #expect(ids(reply).count == 1)
        #expect(exchange.state.faultsApplied == ["slow": 1])
    }
}

@Test func restWeight_pastTheMinutesLimit_answers429UntilTheNextMinute() async throws {
    try await withMockExchange(MockExchangeConfiguration(restWeightPerMinute: 45, restClockMs: midMinuteMs)) { _, port in
        let target = "/fapi/v1/aggTrades?symbol=BTCUSDT"
        #expect(try await http(port: port, target).status == 200)
        #expect(try await http(port: port, target).status == 200)
        let over = try await http(port: port, target)
        #expect(over.status == 429)
        #expect(over.headers["retry-after"] != nil)
    }
}
