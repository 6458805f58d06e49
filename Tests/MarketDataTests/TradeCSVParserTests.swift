// SPDX-License-Identifier: Apache-2.0
import Testing

@testable import MarketData

private func parse(_ text: String, format: TradeFileFormat, symbol: String? = "BTCUSDT", chunk: Int = 1 << 16) throws -> [Trade] {
    var parser = TradeCSVParser(file: "t.csv", format: format, symbol: symbol)
    var trades: [Trade] = []
    let bytes = Array(text.utf8)
    var offset = 0
    while offset < bytes.count {
        let end = min(offset + chunk, bytes.count)
        try bytes[offset..<end].withUnsafeBytes { try parser.consume($0) { trades.append($0) } }
        offset = end
    }
    try parser.finish { trades.append($0) }
    return trades
}

private func parseError(_ text: String, format: TradeFileFormat, symbol: String? = "BTCUSDT") -> String? {
    do {
        _ = try parse(text, format: format, symbol: symbol)
        return nil
    } catch {
        return "\(error)"
    }
}

private let aggHeader = "agg_trade_id,price,quantity,first_trade_id,last_trade_id,transact_time,is_buyer_maker\n"
private let aggRows = "3141966230,68005.00,2.695,7297376181,7297376207,1771263510041,true\n3141966231,68005.1,0,7297376208,7297376208,1771263510042,false\n"

@Test func aggTrades_withAndWithoutHeader_giveTheSameTrades() throws {
    let expected = [
        Trade(symbol: "BTCUSDT", tradeID: 3_141_966_230, timeMs: 1_771_263_510_041, price: 68_005, quantity: 2.695, buyerIsMaker: true),
        Trade(symbol: "BTCUSDT", tradeID: 3_141_966_231, timeMs: 1_771_263_510_042, price: 68_005.1, quantity: 0, buyerIsMaker: false),
    ]
    #expect(try parse(aggHeader + aggRows, format: .aggtrades) == expected)
    #expect(try parse(aggRows, format: .aggtrades) == expected)
    #expect(try parse(aggRows.replacingOccurrences(of: "\n", with: "\r\n"), format: .aggtrades) == expected)
    #expect(try parse(String(aggRows.dropLast()), format: .aggtrades) == expected)
}

@Test func parser_whenChunksSplitRowsAnywhere_givesTheSameTrades() throws {
    let text = aggHeader + aggRows + aggRows.replacingOccurrences(of: "3141966", with: "4141966")
    let whole = try parse(text, format: .aggtrades)
    for chunk in 1...text.utf8.count {
        #expect(try parse(text, format: .aggtrades, chunk: chunk) == whole)
    }
}

@Test func trades_withCapitalisedBooleans_parse() throws {
    let text = "id,price,qty,quote_qty,time,is_buyer_maker\n7947574407,63437.30,0.003,190.31,1785701708156,True\n"
    #expect(
        try parse(text, format: .trades) == [
            Trade(symbol: "BTCUSDT", tradeID: 7_947_574_407, timeMs: 1_785_701_708_156, price: 63_437.3, quantity: 0.003, buyerIsMaker: true)
        ])
}

@Test func seed_whenRowsShareAMillisecond_getDistinctDeterministicIds() throws {
    let text = "timestamp,symbol,price,size,is_buyer_maker\n2024-01-01T00:00:00.123Z,BTCUSDT,42000.5,0.1,false\n1704067200123,BTCUSDT,42000.6,0.2,true\n1704067200123,ETHUSDT,2300,1\n"
    let trades = try parse(text, format: .seed, symbol: nil)
    #expect(trades.map(\.tradeID) == [1_704_067_200_123_000, 1_704_067_200_123_001, 1_704_067_200_123_000])
    #expect(trades.map(\.timeMs) == [1_704_067_200_123, 1_704_067_200_123, 1_704_067_200_123])
    #expect(trades.map(\.symbol) == ["BTCUSDT", "BTCUSDT", "ETHUSDT"])
    #expect(try parse(text, format: .seed, symbol: nil) == trades)
}

@Test func errors_whenRowsAreBad_nameLineColumnAndWhatWasExpected() {
    #expect(parseError(aggHeader + "1,abc,1,1,1,1,true\n", format: .aggtrades) == "t.csv:2:3: expected a price above 0, found \"abc\"")
    #expect(parseError("1,-5,1,1,1,1,true\n", format: .aggtrades) == "t.csv:1:3: expected a price above 0, found \"-5\"")
    #expect(parseError("1,5,-1,1,1,1,true\n", format: .aggtrades) == "t.csv:1:5: expected a quantity of 0 or more, found \"-1\"")
    #expect(parseError("1,5,1,1,1,1,yes\n", format: .aggtrades) == "t.csv:1:13: expected true or false, found \"yes\"")
    #expect(parseError("1,5,1,1,1\n", format: .aggtrades) == "t.csv:1:10: expected a time in milliseconds, found the end of the line")
    #expect(parseError("1,5,1,1,1,1,true,9\n", format: .aggtrades) == "t.csv:1:18: expected the end of the line, found \"9\"")
    #expect(parseError("2024-13-01T00:00:00Z,BTCUSDT,1,1\n", format: .seed) == "t.csv:1:1: expected a time in milliseconds or ISO 8601, found \"2024-13-01T00:00:00Z\"")
    #expect(parseError("1,btc,1,1\n", format: .seed) == "t.csv:1:3: expected a symbol such as BTCUSDT, found \"btc\"")
    #expect(
        parseError("1,5,1,1,1,1,true\n", format: .aggtrades, symbol: nil)
            == "t.csv:1:1: no symbol: name it with --symbol or in the file name (BTCUSDT-aggTrades-2024-01-01.csv)")
}

@Test func detect_whenGivenHeadersOrBinanceNames_findsTheFormat() {
    #expect(TradeFileFormat.detect(fileName: "x.csv", firstLine: String(aggHeader.dropLast())) == .aggtrades)
    #expect(TradeFileFormat.detect(fileName: "BTCUSDT-aggTrades-2024-01-01.csv", firstLine: "1,2,3,4,5,6,true") == .aggtrades)
    #expect(TradeFileFormat.detect(fileName: "BTCUSDT-trades-2024-01-01.csv", firstLine: "1,2,3,4,5,true") == .trades)
    #expect(TradeFileFormat.detect(fileName: "ticks.csv", firstLine: "timestamp,symbol,price,size") == .seed)
    #expect(TradeFileFormat.detect(fileName: "ticks.csv", firstLine: "1704067200123,BTCUSDT,1,2,false") == .seed)
    #expect(TradeFileFormat.detect(fileName: "odd.csv", firstLine: "a,b") == nil)
    #expect(TradeFileFormat.symbol(fromFileName: "/data/ETHUSDT-aggTrades-2024-01-01.zip") == "ETHUSDT")
    #expect(TradeFileFormat.symbol(fromFileName: "ticks.csv") == nil)
}

@Test func csvField_whenParsingNumbers_matchesTheStandardLibrary() {
    for text in ["68005.00", "0.000001234", "-0.5", "123456789012345678", "1e-5", "3", "63437.30", ".5"] {
        let fast = Array(text.utf8).withUnsafeBytes { CSVField.decimal($0) }
        #expect(fast == Double(text), "\(text)")
    }
    for text in ["", ".", "-", "1.2.3", "abc", "inf"] {
        #expect(Array(text.utf8).withUnsafeBytes { CSVField.decimal($0) } == nil, "\(text)")
    }
    #expect(Array("1970-01-01 00:00:01.5".utf8).withUnsafeBytes { CSVField.timestamp($0) } == 1_500)
    #expect(Array("2024-02-29T23:59:59+00:00".utf8).withUnsafeBytes { CSVField.timestamp($0) } == 1_709_251_199_000)
}

@Test func parser_whenSeedChunksSplitRowsAnywhere_givesTheSameTradesAndIds() throws {
    let text = "timestamp,symbol,price,size,is_buyer_maker\r\n2024-01-01T00:00:00.5Z,BTCUSDT,1.5,0,TRUE\r\n1704067200500,BTCUSDT,2,1,False\r\n\r\n\n"
    let whole = try parse(text, format: .seed, symbol: nil)
    #expect(whole.map(\.tradeID) == [1_704_067_200_500_000, 1_704_067_200_500_001])
    #expect(whole.map(\.buyerIsMaker) == [true, false])
    for chunk in 1...text.utf8.count {
        #expect(try parse(text, format: .seed, symbol: nil, chunk: chunk) == whole)
    }
}

@Test func trades_withoutHeaderAndWithLowercaseBooleans_parse() throws {
    let text = "7947574407,63437.30,0.003,190.31,1785701708156,false\n7947574408,63437.4,0,0,1785701708157,true"
    #expect(try parse(text, format: .trades).map(\.tradeID) == [7_947_574_407, 7_947_574_408])
    #expect(try parse(text, format: .trades).map(\.buyerIsMaker) == [false, true])
}

@Test func seed_whenOneMillisecondHoldsMoreThan1000Trades_isRefused() {
    let rows = String(repeating: "5,BTCUSDT,1,1\n", count: 1_001)
    #expect(parseError(rows, format: .seed, symbol: nil) == "t.csv:1001:1: more than 1000 trades of BTCUSDT in one millisecond: their synthetic ids would collide")
}

@Test func seed_whenARowIsOlderThanForgottenCounts_isRefusedNotGivenACollidingId() {
    // 262,145 distinct milliseconds make the id counter forget those more than a minute before the latest row.
    var text = (0...262_144).map { "\($0),BTCUSDT,1,1\n" }.joined()
    text += "5,BTCUSDT,1,1\n"
    #expect(
        parseError(text, format: .seed, symbol: nil)
            == "t.csv:262146:1: expected a time at or after 202144 ms (one minute before the latest row of this large file), found \"5\"")
}

@Test func seed_whenTimesAreOutOfRange_reportsTheField() {
    #expect(parseError("9223372036854775,BTCUSDT,1,1\n", format: .seed) == "t.csv:1:1: expected a time in milliseconds or ISO 8601, found \"9223372036854775\"")
    #expect(parseError("2024-01-01T00:00:00+01:00,BTCUSDT,1,1\n", format: .seed) == "t.csv:1:1: expected a time in milliseconds or ISO 8601, found \"2024-01-01T00:00:00+01:00\"")
    #expect(parseError("5,BTCUSDT,0,1\n", format: .seed) == "t.csv:1:11: expected a price above 0, found \"0\"")
    #expect(parseError("5,BTCUSDT,1,1,maybe\n", format: .seed) == "t.csv:1:15: expected true or false, found \"maybe\"")
    #expect(parseError("5,BTCUSDT,1\n", format: .seed) == "t.csv:1:12: expected a quantity of 0 or more, found the end of the line")
    #expect(parseError("1,5,1,abc,1,true\n", format: .trades) == "t.csv:1:7: expected a number, found \"abc\"")
    #expect(parseError("x1,5,1,1,1,true\n1,5,1,1,1,true\n", format: .trades) == nil)
    #expect(parseError("1,5,1,1,1,true\n-1,5,1,1,1,true\n", format: .trades) == "t.csv:2:1: expected a trade id, found \"-1\"")
    #expect(parseError("1,5,1,1,1,1.5e3,true\n", format: .aggtrades) == "t.csv:1:11: expected a time in milliseconds, found \"1.5e3\"")
}

@Test func timestamps_inIsoForms_matchMilliseconds() {
    let cases: [(String, Int64)] = [
        ("2024-01-01T00:00:00.123Z", 1_704_067_200_123), ("2024-01-01T00:00:00Z", 1_704_067_200_000), ("2024-01-01 00:00:00.1", 1_704_067_200_100),
        ("2023-12-31T23:59:59.999+0000", 1_704_067_199_999), ("2024-01-01T00:00:00.123999Z", 1_704_067_200_123), ("1704067200123", 1_704_067_200_123), ("1969-12-31T23:59:59Z", -1_000),
    ]
    for (text, expected) in cases {
        #expect(Array(text.utf8).withUnsafeBytes { CSVField.timestamp($0) } == expected, "\(text)")
    }
}

@Test func detect_whenNothingFits_knowsWhichFormatsItTried() {
    #expect(TradeFileFormat.detect(fileName: "prices.csv", firstLine: "1,2,3") == nil)
    #expect(TradeFileFormat.detect(fileName: "prices.csv", firstLine: "1,2,3,4") == nil)
    #expect(TradeFileFormat.detect(fileName: "BTCUSDT-trades-2024-01-01.zip", firstLine: "id,price,qty,quote_qty,time,is_buyer_maker\r") == .trades)
    #expect(TradeFileFormat.knownNames == "seed, aggtrades, trades")
}

@Test func parser_whenTheFileStartsWithAByteOrderMark_keepsTheFirstRow() throws {
    let rows = "\u{FEFF}" + aggRows
    #expect(try parse(rows, format: .aggtrades).map(\.tradeID) == [3_141_966_230, 3_141_966_231])
    #expect(try parse("\u{FEFF}" + aggHeader + aggRows, format: .aggtrades).count == 2)
    #expect(TradeFileFormat.detect(fileName: "x.csv", firstLine: "\u{FEFF}timestamp,symbol,price,size") == .seed)
}

@Test func forcedFormat_whenTheFirstLineLooksLikeAnother_namesBoth() {
    let seed = "timestamp,symbol,price,size\n1704067200000,BTCUSDT,42000.5,0.1\n"
    #expect(
        parseError(seed, format: .aggtrades)
            == "t.csv:2:15: expected a price above 0, found \"BTCUSDT\" (reading as aggtrades; the header looks like seed)")
    #expect(
        parseError(aggRows, format: .seed)
            == "t.csv:1:12: expected a symbol such as BTCUSDT, found \"68005.00\" (reading as seed; the first row looks like aggtrades)")
    // The format the first line suggests is the one read: the row itself is at fault, and nothing is added.
    #expect(parseError(aggHeader + "1,abc,1,1,1,1,true\n", format: .aggtrades) == "t.csv:2:3: expected a price above 0, found \"abc\"")
}
