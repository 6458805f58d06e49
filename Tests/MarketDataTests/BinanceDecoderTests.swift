// SPDX-License-Identifier: Apache-2.0
import Testing

@testable import MarketData

private func decodeError(_ frame: String) -> String? {
    do {
        let message = try BinanceDecoder.decode(frame)
        Issue.record("expected an error, decoded \(message)")
        return nil
    } catch {
        return error.description
    }
}

private func aggTrades(_ body: String, symbol: String = "BTCUSDT") throws(BinanceDecodeError) -> [Trade] {
    var text = body
    let result = text.withUTF8 { bytes in
        Result { () throws(BinanceDecodeError) in try BinanceDecoder.decodeAggTrades(UnsafeRawBufferPointer(bytes), symbol: symbol) }
    }
    return try result.get()
}

private let aggTrade2026 =
    #"{"e":"aggTrade","E":1771263510195,"a":3141966230,"s":"BTCUSDT","p":"68005.00","q":"2.695","nq":"2.695","f":7297376181,"l":7297376207,"T":1771263510041,"m":true,"st":1}"#
private let expectedAggTrade = BinanceMessage.trade(
    Trade(symbol: "BTCUSDT", tradeID: 3_141_966_230, timeMs: 1_771_263_510_041, price: 68_005, quantity: 2.695, buyerIsMaker: true),
    eventTimeMs: 1_771_263_510_195
)

@Test func aggTrade_withNqAndSt_decodesTheTrade() throws {
    #expect(try BinanceDecoder.decode(aggTrade2026) == expectedAggTrade)
}

@Test func aggTrade_from2021WithoutNqOrSt_decodesTheTrade() throws {
    let frame =
        #"{"e":"aggTrade","E":1617235200123,"s":"ETHUSDT","a":412345678,"p":"1918.27","q":"0.400","f":900000001,"l":900000002,"T":1617235200120,"m":false}"#
    let trade = Trade(symbol: "ETHUSDT", tradeID: 412_345_678, timeMs: 1_617_235_200_120, price: 1_918.27, quantity: 0.4, buyerIsMaker: false)
    #expect(try BinanceDecoder.decode(frame) == .trade(trade, eventTimeMs: 1_617_235_200_123))
}

@Test func aggTrade_inCombinedWrapper_decodesTheInnerObjectWhereverDataComes() throws {
    #expect(try BinanceDecoder.decode(#"{"stream":"btcusdt@aggTrade","data":\#(aggTrade2026)}"#) == expectedAggTrade)
    #expect(try BinanceDecoder.decode(#"{"data":\#(aggTrade2026),"stream":"btcusdt@aggTrade"}"#) == expectedAggTrade)
}

@Test func aggTrade_whenKeysAreShuffled_decodesTheSameTrade() throws {
    let frame =
        #"{"st":1,"m":true,"T":1771263510041,"l":7297376207,"f":7297376181,"nq":"2.695","q":"2.695","p":"68005.00","s":"BTCUSDT","a":3141966230,"E":1771263510195,"e":"aggTrade"}"#
    #expect(try BinanceDecoder.decode(frame) == expectedAggTrade)
}

@Test func aggTrade_withWhitespaceEverywhere_decodesTheSameTrade() throws {
    let frame =
        " {\n\t\"e\" : \"aggTrade\" ,\r\n \"E\":1771263510195, \"a\" :3141966230,\"s\":\"BTCUSDT\",\"p\":\"68005.00\",\"q\":\"2.695\","
        + "\"T\":\t1771263510041 ,\"m\" : true \n}\n "
    #expect(try BinanceDecoder.decode(frame) == expectedAggTrade)
}

@Test func aggTrade_withUnknownKeysOfEveryKind_skipsThem() throws {
    let frame =
        #"{"x":{"nested":{"deeper":[1,-2.5e-3,{"a":"not this one"}],"s":"ETHUSDT"}},"e":"aggTrade","E":1771263510195,"#
        + #""note":"quote \" backslash \\ unicode \u00e9 \ud83d\ude00 slash \/","a":3141966230,"list":[],"obj":{},"#
        + #""flag":false,"none":null,"big":123456789012345678901234567890,"s":"BTCUSDT","p":"68005.00","q":"2.695","#
        + #""T":1771263510041,"m":true,"st":1,"\u0061":"escaped key is not a"}"#
    #expect(try BinanceDecoder.decode(frame) == expectedAggTrade)
}

@Test func aggTrade_withIdsAndTimesAsStrings_decodesTheSameTrade() throws {
    let frame = #"{"e":"aggTrade","E":"1771263510195","a":"3141966230","s":"BTCUSDT","p":"68005.00","q":"2.695","T":"1771263510041","m":true}"#
    #expect(try BinanceDecoder.decode(frame) == expectedAggTrade)
}

@Test func aggTrade_withPricesAsNumbers_parsesTheSameText() throws {
    let frame = #"{"e":"aggTrade","E":1771263510195,"a":3141966230,"s":"BTCUSDT","p":68005.00,"q":2.695,"T":1771263510041,"m":true}"#
    #expect(try BinanceDecoder.decode(frame) == expectedAggTrade)
}

@Test func aggTrade_withSevenDecimalsAndTrailingZeros_matchesTheCSVImportBitForBit() throws {
    let prices = ["0.0012345", "0.0000001", "86000.00", "0.1000000", "1.2345670", "68005.10", "0.00396120", "12345678.9012345"]
    for (offset, price) in prices.enumerated() {
        let frame = #"{"e":"aggTrade","E":2,"a":\#(offset + 1),"s":"1000PEPEUSDT","p":"\#(price)","q":"\#(price)","T":1,"m":false}"#
        guard case .trade(let live, _) = try BinanceDecoder.decode(frame) else {
            Issue.record("\(price): not a trade")
            continue
        }
        var parser = TradeCSVParser(file: "t.csv", format: .aggtrades, symbol: "1000PEPEUSDT")
        var imported: [Trade] = []
        let row = Array("\(offset + 1),\(price),\(price),1,1,1,false\n".utf8)
        try row.withUnsafeBytes { try parser.consume($0) { imported.append($0) } }
        try parser.finish { imported.append($0) }
        #expect(imported.count == 1)
        #expect(live.price.bitPattern == imported.first?.price.bitPattern, "\(price)")
        #expect(live.quantity.bitPattern == imported.first?.quantity.bitPattern, "\(price)")
    }
}

@Test func aggTrade_withIdsAbove2To32_keepsThemWhole() throws {
    let frame = #"{"e":"aggTrade","E":1771263510195,"a":9223372036854775807,"s":"BTCUSDT","p":"1","q":"0","T":4294967297,"m":false}"#
    guard case .trade(let trade, _) = try BinanceDecoder.decode(frame) else { throw BinanceDecodeError(offset: 0, message: "not a trade") }
    #expect(trade.tradeID == Int64.max)
    #expect(trade.timeMs == 4_294_967_297)
    #expect(trade.quantity == 0)
}

@Test func trade_ofEveryPricedKind_decodesWithItsTradeID() throws {
    for kind in ["MARKET", "RPI", "ADL", "INSURANCE_FUND"] {
        let frame =
            #"{"e":"trade","E":1785701708157,"T":1785701708156,"s":"BTCUSDT","t":7947574407,"p":"63437.30","q":"0.003","X":"\#(kind)","m":false,"st":1}"#
        let trade = Trade(symbol: "BTCUSDT", tradeID: 7_947_574_407, timeMs: 1_785_701_708_156, price: 63_437.3, quantity: 0.003, buyerIsMaker: false)
        #expect(try BinanceDecoder.decode(frame) == .trade(trade, eventTimeMs: 1_785_701_708_157), "\(kind)")
    }
}

@Test func trade_whenXIsNA_isSkipped() throws {
    let frame = #"{"e":"trade","E":1785701708157,"T":1785701708156,"s":"BTCUSDT","t":7947574408,"p":"0","q":"0","X":"NA","m":false,"st":1}"#
    #expect(try BinanceDecoder.decode(frame) == .skippedTrade)
    #expect(try BinanceDecoder.decode(#"{"stream":"btcusdt@trade","data":\#(frame)}"#) == .skippedTrade)
}

@Test func reply_ofEachControlRequest_carriesItsID() throws {
    #expect(try BinanceDecoder.decode(#"{"result":null,"id":1}"#) == .reply(id: 1))
    #expect(try BinanceDecoder.decode(#"{"id":3,"result":["btcusdt@aggTrade","ethusdt@aggTrade"]}"#) == .reply(id: 3))
    #expect(try BinanceDecoder.decode(#"{"result":null,"id":"42"}"#) == .reply(id: 42))
    #expect(try BinanceDecoder.decode(#"{"result":null,"id":5000000000}"#) == .reply(id: 5_000_000_000))
    #expect(try BinanceDecoder.decode(#" { "result" : null , "id" : 18446744073709551615 } "#) == .reply(id: UInt64.max))
}

@Test func error_flatWrappedOrWithoutID_decodesCodeMessageAndID() throws {
    #expect(
        try BinanceDecoder.decode(#"{"code":2,"msg":"Invalid request: invalid stream","id":1}"#)
            == .error(code: 2, message: "Invalid request: invalid stream", id: 1))
    #expect(
        try BinanceDecoder.decode(#"{"code":2,"msg":"Invalid request: request ID must be an unsigned integer"}"#)
            == .error(code: 2, message: "Invalid request: request ID must be an unsigned integer", id: nil))
    #expect(
        try BinanceDecoder.decode(#"{"id":7,"error":{"msg":"Unknown property","code":3}}"#) == .error(code: 3, message: "Unknown property", id: 7))
    #expect(
        try BinanceDecoder.decode(#"{"code":-1121,"msg":"Invalid symbol.","id":null}"#) == .error(code: -1121, message: "Invalid symbol.", id: nil))
    #expect(try BinanceDecoder.decode(#"{"code":"2","id":"6000000000"}"#) == .error(code: 2, message: "", id: 6_000_000_000))
}

@Test func error_withEscapesInMsg_decodesThem() throws {
    let frame = #"{"code":2,"msg":"bad \"x\"\n\ttab \\ \/ \u00e9 \ud83d\ude00 \ud800 end","id":1}"#
    #expect(try BinanceDecoder.decode(frame) == .error(code: 2, message: "bad \"x\"\n\ttab \\ / é 😀 \u{FFFD} end", id: 1))
}

@Test func decode_whenFrameIsMalformed_namesWhatWasExpectedAndWhere() {
    let cases: [(String, String)] = [
        ("", "byte 0: expected '{', found the end of the frame"),
        ("   ", "byte 3: expected '{', found the end of the frame"),
        ("[]", "byte 0: expected '{', found '['"),
        (#"{"e":"aggTrade","E":1"#, "byte 21: expected ',' or '}', found the end of the frame"),
        (#"{"result":null,"id":1}x"#, "byte 22: expected the end of the frame, found 'x'"),
        (#"{"result":null,"id":1}{}"#, "byte 22: expected the end of the frame, found '{'"),
        (#"{"result":null "id":1}"#, "byte 15: expected ',' or '}', found '\"'"),
        (#"{"result":null,}"#, "byte 15: expected a key, found '}'"),
        (#"{"result" null}"#, "byte 10: expected ':', found 'n'"),
        (#"{"result":nul,"id":1}"#, "byte 10: expected a value, found 'n'"),
        (#"{"result":null,"id":-1}"#, "byte 20: expected an unsigned integer for \"id\", found \"-1\""),
        (#"{"result":null,"id":1.5}"#, "byte 20: expected an unsigned integer for \"id\", found \"1.5\""),
        (#"{"result":null,"id":18446744073709551616}"#, "byte 20: expected an unsigned integer for \"id\", found \"18446744073709551616\""),
        (#"{"result":null,"id":{}}"#, "byte 20: expected an unsigned integer for \"id\", found '{'"),
        (#"{"result":null}"#, "byte 0: expected \"id\" in the reply object, found none"),
        ("{}", "byte 0: expected a trade event, a reply or an error, found an object without \"e\", \"result\" or \"code\""),
        (#"{"e":"depthUpdate","E":1}"#, "byte 6: expected \"aggTrade\" or \"trade\" for \"e\", found \"depthUpdate\""),
        (#"{"e":"aggTrade","E":1,"a":1,"s":"BTCUSDT","q":"1","T":1,"m":true}"#, "byte 0: expected \"p\" in the aggTrade object, found none"),
        (#"{"e":"trade","E":1,"a":1,"s":"BTCUSDT","p":"1","q":"1","T":1,"m":true}"#, "byte 0: expected \"t\" in the trade object, found none"),
        (#"{"e":"aggTrade","E":1,"a":1,"s":"BTCUSDT","p":{},"q":"1","T":1,"m":true}"#, "byte 46: expected a decimal string for \"p\", found '{'"),
        (
            #"{"e":"aggTrade","E":1,"a":1,"s":"BTCUSDT","p":"abc","q":"1","T":1,"m":true}"#,
            "byte 47: expected a price above 0 for \"p\", found \"abc\""
        ),
        (#"{"e":"aggTrade","E":1,"a":1,"s":"BTCUSDT","p":"0","q":"1","T":1,"m":true}"#, "byte 47: expected a price above 0 for \"p\", found \"0\""),
        (
            #"{"e":"aggTrade","E":1,"a":1,"s":"BTCUSDT","p":"1","q":"-1","T":1,"m":true}"#,
            "byte 55: expected a quantity of 0 or more for \"q\", found \"-1\""
        ),
        (#"{"e":"aggTrade","E":1,"a":1,"s":"","p":"1","q":"1","T":1,"m":true}"#, "byte 33: expected a symbol for \"s\", found \"\""),
        (#"{"e":"aggTrade","E":1,"a":1,"s":"BTCUSDT","p":"1","q":"1","T":1,"m":"true"}"#, "byte 68: expected true or false for \"m\", found '\"'"),
        (#"{"e":"aggTrade","E":1,"a":9223372036854775808}"#, "byte 26: expected an integer for \"a\", found \"9223372036854775808\""),
        (#"{"code":2,"msg":"bad \q"}"#, "byte 22: expected an escape such as \\n or \\u0041, found 'q'"),
        (#"{"code":2,"msg":"bad \u12g4"}"#, "byte 25: expected a hexadecimal digit of a \\u escape, found 'g'"),
        ("{\"code\":2,\"msg\":\"line\nbreak\"}", "byte 21: expected a character of a string (control characters must be escaped), found byte 0x0a"),
        (#"{"code":2,"msg":"unterminated"#, "byte 29: expected '\"' closing the string, found the end of the frame"),
        (#"{"error":"oops","id":1}"#, "byte 9: expected an object for \"error\", found '\"'"),
        (#"{"error":{"msg":"no code"},"id":1}"#, "byte 9: expected \"code\" in the error object, found none"),
        (#"{"stream":"x","data":[1]}"#, "byte 21: expected an object for \"data\", found '['"),
        (#"{"x":-}"#, "byte 5: expected a value, found '-'"),
        (#"{"x":01}"#, "byte 6: expected ',' or '}', found '1'"),
        (#"{"x":1.}"#, "byte 7: expected a digit after '.', found '}'"),
        (#"{"x":1e+}"#, "byte 8: expected a digit of the exponent, found '}'"),
    ]
    for (frame, expected) in cases {
        #expect(decodeError(frame) == expected, "\(frame)")
    }
}

@Test func decode_whenNestingIsTooDeep_refusesInsteadOfRecursing() {
    let frame = #"{"x":"# + String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000) + "}"
    #expect(decodeError(frame) == "byte 69: expected at most 64 levels of nesting, found '['")
}

@Test func aggTrades_restBody_decodesEveryTradeUnderTheGivenSymbol() throws {
    let body =
        #"[{"a":26129,"p":"0.01633102","q":"4.70443515","f":27781,"l":27781,"T":1498793709153,"m":true},"#
        + #" {"a":26130,"p":"68005.00","q":"0.001","nq":"0.001","f":27782,"l":27790,"T":1498793709153,"m":false}]"#
    #expect(
        try aggTrades(body, symbol: "ETHUSDT") == [
            Trade(symbol: "ETHUSDT", tradeID: 26_129, timeMs: 1_498_793_709_153, price: 0.01633102, quantity: 4.70443515, buyerIsMaker: true),
            Trade(symbol: "ETHUSDT", tradeID: 26_130, timeMs: 1_498_793_709_153, price: 68_005, quantity: 0.001, buyerIsMaker: false),
        ])
}

@Test func aggTrades_whenTheArrayIsEmpty_returnsNoTrades() throws {
    #expect(try aggTrades("[]").isEmpty)
    #expect(try aggTrades(" [ \n ] \n").isEmpty)
}

@Test func aggTrades_whenBodyIsNotATradeArray_namesWhatWasExpectedAndWhere() {
    let cases: [(String, String)] = [
        (#"{"code":-1121,"msg":"Invalid symbol."}"#, "byte 0: expected '[' opening the array of trades, found '{'"),
        (
            #"[{"a":1,"p":"1","q":"1","T":1,"m":true},{"a":2,"p":"1","q":"1","m":true}]"#,
            "byte 40: expected \"T\" in the aggregate trade object, found none"
        ),
        (#"[{"a":1,"p":"1","q":"1","T":1,"m":true}"#, "byte 39: expected ',' or ']', found the end of the frame"),
        (#"[{"a":1,"p":"1","q":"1","T":1,"m":true},]"#, "byte 40: expected '{', found ']'"),
        (#"[1]"#, "byte 1: expected '{', found '1'"),
        (#"[]]"#, "byte 2: expected the end of the frame, found ']'"),
    ]
    for (body, expected) in cases {
        do {
            _ = try aggTrades(body)
            Issue.record("expected an error for \(body)")
        } catch {
            #expect(error.description == expected, "\(body)")
        }
    }
}

@Test func aggTrade_withLongOrEscapedSymbol_keepsTheSymbolText() throws {
    for (raw, symbol) in [("币安人生USDT", "币安人生USDT"), ("BROCCOLI714USDT", "BROCCOLI714USDT"), (#"\u0042TCUSDT"#, "BTCUSDT")] {
        for _ in 0..<2 {
            let frame = #"{"e":"aggTrade","E":2,"a":1,"s":"\#(raw)","p":"1","q":"1","T":1,"m":false}"#
            guard case .trade(let trade, _) = try BinanceDecoder.decode(frame) else { throw BinanceDecodeError(offset: 0, message: "not a trade") }
            #expect(trade.symbol == symbol)
        }
    }
}
