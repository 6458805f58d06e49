// SPDX-License-Identifier: Apache-2.0
import MarketData
import Testing

/// A recorded payload is unescaped straight into its array: every byte value, escaped or not, comes back as written.
@Test func recordingLine_ofAFrameWithEveryByteValue_givesTheSameBytesBack() throws {
    let frame = (0...255).map(UInt8.init) + Array(#"{"s":"\"q\\"}"#.utf8)
    var line: [UInt8] = []
    frame.withUnsafeBytes { BinanceRecording.appendLine(frame: $0, connection: "binance-0", receivedMs: 7, to: &line) }
    #expect(line.last == UInt8(ascii: "\n"))
    let item = try line.dropLast().withUnsafeBytes { try BinanceRecording.parseLine($0) }
    #expect(item == RecordedItem(receivedMs: 7, source: .frame(connection: "binance-0"), payload: frame))
}

/// Escapes another writer may use (`\/`, `\b`, `\f`, `\u` with surrogate pairs) read as JSON defines them; a lone
/// surrogate becomes U+FFFD.
@Test func recordingLine_withEveryKindOfEscape_unescapesThePayload() throws {
    let line = #"{"received_ms":1,"symbol":"BTCUSDT","rest":"a\/b\b\f\n\r\t\"\\ \u00e9\ud83d\ude00\ud800!"}"#
    let item = try Array(line.utf8).withUnsafeBytes { try BinanceRecording.parseLine($0) }
    #expect(item.source == .rest(symbol: "BTCUSDT"))
    #expect(String(decoding: item.payload, as: UTF8.self) == "a/b\u{8}\u{C}\n\r\t\"\\ é😀\u{FFFD}!")
}

/// Lines read into one item, as a replay reads them, give what each line read afresh gives: a short payload after a
/// long one, an unescaped one after an escaped one, a REST body after a frame.
@Test func recordingLines_readIntoOneItem_giveWhatEachLineGivesAlone() throws {
    let lines = [
        #"{"received_ms":5,"connection":"binance-0","frame":"{\"e\":\"aggTrade\",\"s\":\"BTCUSDT\",\"x\":\"\u00e9\ud83d\ude00\"}"}"#,
        #"{"received_ms":6,"connection":"binance-1","frame":"plain"}"#,
        #"{"rest":"[{\"a\":1}]","received_ms":7,"symbol":"ETHUSDT"}"#,
        #"{"received_ms":8,"connection":"binance-0","frame":""}"#,
    ]
    var item = RecordedItem(receivedMs: 0, source: .frame(connection: ""), payload: Array(repeating: 0x41, count: 500))
    for line in lines {
        let bytes = Array(line.utf8)
        try bytes.withUnsafeBytes { try BinanceRecording.parseLine($0, into: &item) }
        let alone = try bytes.withUnsafeBytes { try BinanceRecording.parseLine($0) }
        #expect(item == alone, "\(line)")
    }
    #expect(String(decoding: item.payload, as: UTF8.self).isEmpty && item.receivedMs == 8)
}
