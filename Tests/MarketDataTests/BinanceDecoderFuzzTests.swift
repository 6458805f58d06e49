// SPDX-License-Identifier: Apache-2.0
import Foundation
import MarketData
import TestSupport
import Testing

/// Valid frames and bodies of every kind the decoder knows, the seeds the mutations start from.
private let corpus: [String] = [
    #"{"e":"aggTrade","E":1771263510195,"a":3141966230,"s":"BTCUSDT","p":"68005.00","q":"2.695","nq":"2.695","f":7297376181,"l":7297376207,"T":1771263510041,"m":true,"st":1}"#,
    #"{"stream":"btcusdt@aggTrade","data":{"e":"aggTrade","E":1617235200123,"s":"ETHUSDT","a":412345678,"p":"1918.27","q":"0.400","f":1,"l":2,"T":1617235200120,"m":false}}"#,
    #"{"e":"trade","E":1785701708157,"T":1785701708156,"s":"BTCUSDT","t":7947574407,"p":"63437.30","q":"0.003","X":"MARKET","m":false,"st":1}"#,
    #"{"e":"trade","E":1785701708157,"T":1785701708156,"s":"BTCUSDT","t":7947574408,"p":"0","q":"0","X":"NA","m":false,"st":1}"#,
    #"{"result":null,"id":1}"#,
    #"{"result":["btcusdt@aggTrade"],"id":"3"}"#,
    #"{"code":2,"msg":"Invalid request: \"x\" \u00e9 \ud83d\ude00","id":5000000000}"#,
    #"{"error":{"code":-1,"msg":"nested"},"id":1}"#,
    #"{"x":{"y":[1,-2.5e-3,true,false,null,{"z":"\\"}]},"e":"aggTrade","E":"1","a":"2","s":"LONGSYMBOLNAMEUSDT","p":0.0000001,"q":1e2,"T":3,"m":true}"#,
]

private let restCorpus: [String] = [
    "[]",
    #"[{"a":26129,"p":"0.01633102","q":"4.70443515","f":27781,"l":27781,"T":1498793709153,"m":true},{"a":26130,"p":"1","q":"0","nq":"0","f":1,"l":2,"T":1,"m":false}]"#,
]

/// Bytes that steer random input towards the decoder's interesting paths.
private let tokens: [[UInt8]] = [
    "{", "}", "[", "]", "\"", ":", ",", "\\", "\\u", "-", ".", "e", "0", "9", "true", "null", " ", "\"a\":", "\"data\":", "\"error\":",
    "\"e\":\"trade\"", "\"X\":\"NA\"",
].map { Array($0.utf8) }

private func mutate(_ input: [UInt8], _ random: inout SplitMix64) -> [UInt8] {
    var bytes = input
    for _ in 0...Int.random(in: 0...3, using: &random) {
        let position = bytes.isEmpty ? 0 : Int.random(in: 0...bytes.count, using: &random)
        switch Int.random(in: 0..<6, using: &random) {
        case 0 where position < bytes.count:
            bytes[position] ^= UInt8(1) << UInt8.random(in: 0..<8, using: &random)
        case 1:
            bytes.removeSubrange(position...)
        case 2:
            bytes.insert(UInt8.random(in: .min ... .max, using: &random), at: position)
        case 3:
            bytes.insert(contentsOf: tokens[Int.random(in: 0..<tokens.count, using: &random)], at: position)
        case 4 where position < bytes.count:
            let end = Int.random(in: position...bytes.count, using: &random)
            bytes.insert(contentsOf: bytes[position..<end], at: Int.random(in: 0...bytes.count, using: &random))
        default:
            if position < bytes.count { bytes.remove(at: position) }
        }
    }
    return bytes
}

private func randomBytes(_ random: inout SplitMix64) -> [UInt8] {
    (0..<Int.random(in: 0...200, using: &random)).flatMap { _ -> [UInt8] in
        random.next() % 3 == 0 ? tokens[Int.random(in: 0..<tokens.count, using: &random)] : [UInt8.random(in: .min ... .max, using: &random)]
    }
}

/// Decodes `bytes` both ways; only a result or a `BinanceDecodeError` inside the input may come out, the same twice.
private func check(_ bytes: [UInt8]) -> Bool {
    bytes.withUnsafeBytes { buffer in
        let first = Result { () throws(BinanceDecodeError) in try BinanceDecoder.decode(buffer) }
        let second = Result { () throws(BinanceDecodeError) in try BinanceDecoder.decode(buffer) }
        let rest = Result { () throws(BinanceDecodeError) in try BinanceDecoder.decodeAggTrades(buffer, symbol: "BTCUSDT") }
        for case .failure(let error) in [first.map { _ in () }, rest.map { _ in () }] where !(0...buffer.count).contains(error.offset) {
            return false
        }
        return first == second
    }
}

private var fuzzSeconds: Double {
    ProcessInfo.processInfo.environment["PAIRWATCH_FUZZ_SECONDS"].flatMap(Double.init) ?? 1
}

/// A suite, so `--filter BinanceDecoderFuzz` (what `make fuzz` runs) selects it.
@Suite struct BinanceDecoderFuzzTests {
    @Test func decoder_whenFedMutatedAndRandomBytes_onlyReturnsOrThrows() {
        var random = SplitMix64(seed: testSeed())
        let seeds = (corpus + restCorpus).map { Array($0.utf8) }
        let deadline = ContinuousClock.now + .seconds(fuzzSeconds)
        var inputs = 0
        var decoded = 0
        while ContinuousClock.now < deadline {
            for _ in 0..<256 {
                let input = random.next() % 8 == 0 ? randomBytes(&random) : mutate(seeds[Int.random(in: 0..<seeds.count, using: &random)], &random)
                #expect(check(input), "input \(String(decoding: input, as: UTF8.self).debugDescription)")
                if (try? BinanceDecoder.decode(String(decoding: input, as: UTF8.self))) != nil { decoded += 1 }
                inputs += 1
            }
        }
        print("decoder fuzz: \(inputs) inputs, \(decoded) decoded")
        #expect(inputs > 1_000)
        #expect(decoded > 0)
    }

    @Test func decoder_corpusFrames_allDecode() throws {
        for frame in corpus {
            _ = try BinanceDecoder.decode(frame)
        }
        for body in restCorpus {
            _ = try Array(body.utf8).withUnsafeBytes { bytes throws(BinanceDecodeError) in try BinanceDecoder.decodeAggTrades(bytes, symbol: "X") }
        }
    }
}
