// SPDX-License-Identifier: Apache-2.0
import Foundation
import MarketData
import TestSupport
import Testing

@testable import Exporter

/// Good uploads of every format, the seeds the mutations start from. Times stay near the epoch and bars are daily:
/// an import writes every quiet interval of the span its trades cover, so a mutated digit in a 2024 timestamp could
/// ask for millions of bars, which measures the bar filler, not the upload's handling of bad input.
private let corpus: [String] = [
    TradesUploadTests.aggTrades,
    "1,100.0,1.0,1,1,60000,true\n2,101.0,2.0,2,2,61000,false\r\n3,99.0,1.5,3,3,200500,false",
    "id,price,qty,quote_qty,time,is_buyer_maker\n7,100.5,0.25,25.125,60000,true\n8,100.25,1,100.25,60500,false\n",
    TradesUploadTests.seed,
    "\u{FEFF}timestamp,symbol,price,size,is_buyer_maker\n60000,BTCUSDT,100,1,true\n60000,BTCUSDT,100.5,2,false\n\n120000,ETHUSDT,7,0\n",
]

private let tokens: [[UInt8]] = ["\n", "\r\n", ",", "-", ".", "e", "0", "9", "true", "false", "abc", "\"", "timestamp", "\u{FEFF}", "\0"]
    .map { Array($0.utf8) }

private let queries = ["", "?format=auto", "?format=seed", "?format=aggtrades", "?format=trades", "?symbol=BTCUSDT", "?format=trades&symbol=ETHUSDT",
    "?format=aggtrades&symbol=BTCUSDT", "?format=bogus", "?symbol=", "?symbol=%00"]

private func mutate(_ input: [UInt8], _ random: inout SplitMix64) -> [UInt8] {
    var bytes = input
    for _ in 0...Int.random(in: 0...3, using: &random) {
        let position = bytes.isEmpty ? 0 : Int.random(in: 0...bytes.count, using: &random)
        switch Int.random(in: 0..<6, using: &random) {
        case 0 where position < bytes.count: bytes[position] ^= UInt8(1) << UInt8.random(in: 0..<8, using: &random)
        case 1: bytes.removeSubrange(position...)
        case 2: bytes.insert(UInt8.random(in: .min ... .max, using: &random), at: position)
        case 3: bytes.insert(contentsOf: tokens[Int.random(in: 0..<tokens.count, using: &random)], at: position)
        case 4 where position < bytes.count:
            let end = min(Int.random(in: position...bytes.count, using: &random), position + 200)
            bytes.insert(contentsOf: bytes[position..<end], at: Int.random(in: 0...bytes.count, using: &random))
        default: if position < bytes.count { bytes.remove(at: position) }
        }
    }
    return bytes
}

private func randomBytes(_ random: inout SplitMix64) -> [UInt8] {
    (0..<Int.random(in: 0...300, using: &random)).flatMap { _ -> [UInt8] in
        random.next() % 3 == 0 ? tokens[Int.random(in: 0..<tokens.count, using: &random)] : [UInt8.random(in: .min ... .max, using: &random)]
    }
}

private var fuzzSeconds: Double {
    ProcessInfo.processInfo.environment["PAIRWATCH_FUZZ_SECONDS"].flatMap(Double.init) ?? 2
}

/// A suite, so `--filter TradesUploadFuzz` (what `make fuzz` runs) selects it.
@Suite struct TradesUploadFuzzTests {
    @Test func upload_whenFedMutatedAndRandomBodies_neverAnswers5xxAndStoresNothingOn4xx() async throws {
        var random = SplitMix64(seed: testSeed())
        let harness = try UploadHarness(maxBytes: 2_000, timeframes: ["1d"])
        defer { harness.folder.remove() }
        let seeds = corpus.map { Array($0.utf8) }
        let deadline = ContinuousClock.now + .seconds(fuzzSeconds)
        var (inputs, accepted) = (0, 0)
        var stored = try harness.tradeCount()
        // At least a few hundred inputs even when the rest of the suite slows this one down.
        while ContinuousClock.now < deadline || inputs < 300 {
            let body = random.next() % 8 == 0 ? randomBytes(&random) : mutate(seeds[Int.random(in: 0..<seeds.count, using: &random)], &random)
            let query = queries[Int.random(in: 0..<queries.count, using: &random)]
            let answer = try await harness.post(body, query: query, chunk: Int.random(in: 1...64, using: &random))
            let now = try harness.tradeCount()
            let input = "query \(query) body \(String(decoding: body, as: UTF8.self).debugDescription)"
            #expect(answer.status < 500, "\(answer.status) \(answer.json) for \(input)")
            if answer.status == 200 {
                accepted += 1
                #expect(now - stored == answer.json["inserted"] as? Int, "\(input)")
            } else {
                #expect(now == stored, "\(answer.status) stored \(now - stored) trades for \(input)")
                #expect(answer.json["error"] is String, "\(input)")
            }
            stored = now
            inputs += 1
        }
        print("upload fuzz: \(inputs) uploads, \(accepted) accepted")
        #expect(accepted > 0)
    }
}
