// SPDX-License-Identifier: Apache-2.0
import Foundation
import MarketData
import NIOCore
import Testing
import TestSupport

@testable import Exporter

/// The hand-written JSON of the API parses back, with Foundation's parser, to exactly what was written.
struct JSONWriterTests {
    @Test func written_whenParsedBack_givesTheSameStringsAndNumbers() throws {
        let seed = testSeed()
        var random = SplitMix64(seed: seed)
        var strings: [String] = ["", "\"", "\\", "a\"b\\c", "\u{0}\u{1}\u{1f}\n\r\t", "é🙂𝄞", "</script>"]
        for _ in 0..<200 {
            strings.append(String((0..<Int(random.next() % 20)).compactMap { _ in UnicodeScalar(UInt32(random.next() % 0x2_0000)).map(Character.init) }))
        }
        var numbers: [Double] = [0, -0.0, 1, -1, 0.1, 1e-5, 1e-300, 5e-324, 1e16, 1.7976931348623157e308, 123_456.789, -2.5e-8]
        for _ in 0..<500 { numbers.append(Double(bitPattern: random.next())) }
        var json = JSONWriter()
        json.beginObject()
        json.key("strings")
        json.beginArray()
        for string in strings { json.string(string) }
        json.endArray()
        json.key("numbers")
        json.beginArray()
        for number in numbers { json.number(number) }
        json.endArray()
        json.key("map")
        json.beginObject()
        json.key("k\"ey")
        json.null()
        json.key("b")
        json.bool(true)
        json.key("i")
        json.number(Int64.min)
        json.endObject()
        json.endObject()
        let parsed = try #require(try JSONSerialization.jsonObject(with: Data(buffer: json.buffer)) as? [String: Any])
        #expect(parsed["strings"] as? [String] == strings)
        // Foundation's parser rounds some long numbers differently, so the numbers are read back from the text with
        // Swift's own correctly rounded parser.
        let text = String(buffer: json.buffer)
        let start = try #require(text.range(of: "\"numbers\":[")).upperBound
        let tokens = text[start...].prefix { $0 != "]" }.split(separator: ",")
        #expect(tokens.count == numbers.count)
        for (written, token) in zip(numbers, tokens) {
            #expect(written.isFinite ? Double(token) == written : token == "null", "\(written) written as \(token)")
        }
        let map = try #require(parsed["map"] as? [String: Any])
        #expect(map["k\"ey"] is NSNull && map["b"] as? Bool == true && (map["i"] as? NSNumber)?.int64Value == Int64.min)
    }
}
