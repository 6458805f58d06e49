// SPDX-License-Identifier: Apache-2.0
import TestSupport
import Testing

@testable import MarketData

/// What reading a string unescaped in one pass gives, as content and the index after it, or the error.
private func onePass(_ input: [UInt8], reusing storage: [UInt8]) -> Result<([UInt8], Int), BinanceDecodeError> {
    input.withUnsafeBytes { bytes in
        var scanner = JSONScanner(bytes)
        var output = storage
        return Result { () throws(BinanceDecodeError) in
            try scanner.string("a string", unescapingInto: &output)
            return (output, scanner.index)
        }
    }
}

/// The same through the checking scan and then `JSONString`, the reference.
private func checkedThenUnescaped(_ input: [UInt8]) -> Result<([UInt8], Int), BinanceDecodeError> {
    input.withUnsafeBytes { bytes in
        var scanner = JSONScanner(bytes)
        return Result { () throws(BinanceDecodeError) in
            let text = try scanner.string("a string")
            let content = scanner.slice(text.range)
            return (text.escaped ? JSONString.unescaped(content) : Array(content), scanner.index)
        }
    }
}

/// Strings of every kind of piece, well-formed or not, then whatever follows them: the one pass agrees with the
/// checking scan on the content, the index after the string, and the error's offset and message.
@Test func stringUnescapingInOnePass_onRandomStrings_givesWhatTheCheckedScanAndUnescapeGive() {
    let seed = testSeed()
    var random = SplitMix64(seed: seed)
    let pieces: [[UInt8]] = [
        Array("a".utf8), Array("BTCUSDT".utf8), Array(#"\""#.utf8), Array(#"\\"#.utf8), Array(#"\/"#.utf8), Array(#"\n"#.utf8),
        Array(#"\b\f\r\t"#.utf8), Array(#"\u00e9"#.utf8), Array(#"\ud83d\ude00"#.utf8), Array(#"\ud800"#.utf8), Array(#"\u12g4"#.utf8),
        Array(#"\x"#.utf8), [0x5C], [0x0A], [0x1F], [0xC3, 0xA9], Array(#"""#.utf8), Array(#"{\"e\":\"aggTrade\"}"#.utf8),
    ]
    var failures = 0
    for round in 0..<20_000 {
        var input: [UInt8] = random.next() % 20 == 0 ? [] : [UInt8(ascii: " "), UInt8(ascii: "\"")]
        for _ in 0..<(random.next() % 12) { input += pieces[Int(random.next() % UInt64(pieces.count))] }
        if random.next() % 4 != 0 { input += Array(#"","more":1}"#.utf8) }
        let storage = Array(repeating: UInt8(ascii: "x"), count: Int(random.next() % 64))
        let (got, expected) = (onePass(input, reusing: storage), checkedThenUnescaped(input))
        guard "\(got)" != "\(expected)" else { continue }
        failures += 1
        if failures <= 3 {
            Issue.record("seed \(seed), round \(round): \(String(decoding: input, as: UTF8.self).debugDescription): \(got) against \(expected)")
        }
    }
    #expect(failures == 0, "seed \(seed)")
}

/// The two-character escapes are the one pass's own; a `\u` escape and every malformed string go the checked way.
@Test func stringUnescapingInOnePass_ofEachKindOfString_givesItsContentOrItsError() throws {
    #expect(try onePass(Array(#""a\"b\\c\/d\n""#.utf8), reusing: []).get().0 == Array("a\"b\\c/d\n".utf8))
    #expect(try onePass(Array(#""caf\u00e9" "#.utf8), reusing: Array(repeating: 0, count: 99)).get() == (Array("café".utf8), 11))
    #expect(throws: BinanceDecodeError(offset: 3, message: "expected an escape such as \\n or \\u0041, found 'x'")) {
        try onePass(Array(#""a\x""#.utf8), reusing: []).get()
    }
    #expect(throws: BinanceDecodeError(offset: 2, message: "expected a character of a string (control characters must be escaped), found byte 0x0a")) {
        try onePass(Array("\"a\nb\"".utf8), reusing: []).get()
    }
    #expect(throws: BinanceDecodeError(offset: 4, message: "expected '\"' closing the string, found the end of the frame")) {
        try onePass(Array(#""abc"#.utf8), reusing: []).get()
    }
    #expect(throws: BinanceDecodeError(offset: 0, message: "expected a string, found '1'")) { try onePass(Array("12".utf8), reusing: []).get() }
}

/// Numbers of every shape (leading zeros, fractions, exponents, signs, 17 to 20 digits, strings of digits) then what
/// may follow them: where the one-pass integer read answers, it agrees with the checked read of the number and its
/// digits, value and position alike, and it answers for every plain integer of up to 18 digits.
@Test func plainIntegerRead_onRandomNumbers_agreesWithTheCheckedRead() {
    let seed = testSeed()
    var random = SplitMix64(seed: seed)
    let pieces = ["0", "1", "9", "12345", "99999999", ".", "5", "e", "E+", "-", "\"", "00"]
    let tails = ["", ",", "}", " ", ".5", "e3", "7"]
    var (answered, failures) = (0, 0)
    for round in 0..<20_000 {
        var text = " "
        for _ in 0..<(1 + random.next() % 6) { text += pieces[Int(random.next() % UInt64(pieces.count))] }
        text += tails[Int(random.next() % UInt64(tails.count))]
        let input = Array(text.utf8)
        let (fast, checked): ((Int64, Int)?, (Int64, Int)?) = input.withUnsafeBytes { bytes in
            var (one, two) = (JSONScanner(bytes), JSONScanner(bytes))
            let fast = one.plainInteger().map { ($0, one.index) }
            let range = try? two.number("a number")
            let checked = range.flatMap { JSONScanner.digits(two.slice($0)) }.flatMap { $0 <= UInt64(Int64.max) ? (Int64($0), two.index) : nil }
            return (fast, checked)
        }
        let plain = text.dropFirst().prefix { $0.isNumber }
        let shouldAnswer = (1...18).contains(plain.count) && (plain.first != "0" || plain.count == 1)
            && !(text.dropFirst(plain.count + 1).first.map { $0.isNumber || $0 == "." || $0 == "e" || $0 == "E" } ?? false)
        if shouldAnswer { answered += 1 }
        guard let fast else {
            if shouldAnswer { failures += 1; Issue.record("seed \(seed), round \(round): \(text.debugDescription) not read in one pass") }
            continue
        }
        if checked?.0 != fast.0 || checked?.1 != fast.1 {
            failures += 1
            if failures <= 3 { Issue.record("seed \(seed), round \(round): \(text.debugDescription): \(fast) against \(String(describing: checked))") }
        }
    }
    #expect(failures == 0 && answered > 1_000, "seed \(seed), \(answered) answered")
}
