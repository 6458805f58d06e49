// SPDX-License-Identifier: Apache-2.0
import Foundation
import Hummingbird
import MarketData
import Pipeline
import TestSupport
import Testing

@testable import Exporter

/// `POST /api/v1/trades` in process: the summary, the errors and their statuses, and nothing stored on any error.
struct TradesUploadTests {
    static let aggTrades = """
        agg_trade_id,price,quantity,first_trade_id,last_trade_id,transact_time,is_buyer_maker
        1,100.0,1.0,1,1,60000,true
        2,101.0,2.0,2,2,61000,false
        3,99.0,1.5,3,3,200500,false

        """
    static let seed = "timestamp,symbol,price,size\n60000,ETHUSDT,10,1\n61000,SOLUSDT,20,2\n"

    @Test func upload_whenAggTradesAreGood_answersTheSummaryAndStoresTradesAndBars() async throws {
        let harness = try UploadHarness()
        defer { harness.folder.remove() }
        let answer = try await harness.post(Self.aggTrades, query: "?symbol=BTCUSDT", chunk: 5)
        #expect(answer.status == 200)
        #expect(answer.headers[.contentType] == "application/json")
        #expect(answer.json["rows_read"] as? Int == 3 && answer.json["inserted"] as? Int == 3 && answer.json["duplicates"] as? Int == 0)
        #expect(answer.json["bars_written"] as? Int == 3)
        #expect(answer.json["format"] as? String == "aggtrades" && answer.json["symbols"] as? [String] == ["BTCUSDT"])
        #expect(try harness.tradeCount() == 3 && harness.barCount("BTCUSDT") == 3)
        let again = try await harness.post(Self.aggTrades, query: "?symbol=BTCUSDT&format=aggtrades")
        #expect(again.json["inserted"] as? Int == 0 && again.json["duplicates"] as? Int == 3)
        #expect(harness.upload.statistics.snapshot.uploads[.ok] == 2 && harness.upload.statistics.snapshot.insertedTrades == 3)
    }

    @Test func upload_whenSeedRowsNameTheirSymbols_needsNoSymbolParameter() async throws {
        let harness = try UploadHarness()
        defer { harness.folder.remove() }
        let answer = try await harness.post(Self.seed)
        #expect(answer.status == 200 && answer.json["format"] as? String == "seed")
        #expect(answer.json["symbols"] as? [String] == ["ETHUSDT", "SOLUSDT"])
    }

    @Test func upload_whenARowIsBad_answers400WithLineAndColumnAndStoresNothing() async throws {
        let harness = try UploadHarness()
        defer { harness.folder.remove() }
        let answer = try await harness.post(Self.aggTrades.replacingOccurrences(of: "99.0", with: "-1"), query: "?symbol=BTCUSDT")
        #expect(answer.status == 400)
        #expect(answer.json["error"] as? String == "upload:4:3: expected a price above 0, found \"-1\"")
        #expect(answer.detail["line"] as? Int == 4 && answer.detail["column"] as? Int == 3)
        #expect(answer.detail["expected"] as? String == "a price above 0" && answer.detail["found"] as? String == "\"-1\"")
        #expect(try harness.tradeCount() == 0 && harness.barCount("BTCUSDT") == 0)
        #expect(harness.upload.statistics.snapshot.uploads[.badRequest] == 1)
    }

    @Test func upload_whenFormatIsForcedOnAnotherFormat_answers400WithTheHint() async throws {
        let harness = try UploadHarness()
        defer { harness.folder.remove() }
        let answer = try await harness.post(Self.seed, query: "?format=aggtrades&symbol=BTCUSDT")
        #expect(answer.status == 400 && answer.detail["line"] as? Int == 2)
        #expect((answer.json["error"] as? String)?.hasSuffix("(reading as aggtrades; the header looks like seed)") == true)
        #expect(try harness.tradeCount() == 0)
    }

    @Test func upload_whenParametersAreWrong_answers400NamingThem() async throws {
        let harness = try UploadHarness()
        defer { harness.folder.remove() }
        let format = try await harness.post(Self.seed, query: "?format=xlsx")
        #expect(format.status == 400 && format.detail["parameter"] as? String == "format")
        #expect(format.json["error"] as? String == "query parameter format: expected auto or one of seed, aggtrades, trades, found \"xlsx\"")
        let symbol = try await harness.post(Self.aggTrades, query: "?symbol=btc-usdt")
        #expect(symbol.status == 400 && symbol.detail["parameter"] as? String == "symbol")
        let missing = try await harness.post(Self.aggTrades)
        #expect(missing.status == 400 && missing.detail["parameter"] as? String == "symbol")
        #expect(missing.json["error"] as? String == "upload: aggtrades rows name no symbol; give one with ?symbol=")
        let garbage = try await harness.post([0x00, 0xFF, 0x13, 0x37, 0x0A, 0x01])
        #expect(garbage.status == 400 && garbage.detail["parameter"] as? String == "format")
        #expect(try harness.tradeCount() == 0)
    }

    @Test func upload_whenBodyIsEmptyOrOnlyAHeader_answers400() async throws {
        let harness = try UploadHarness()
        defer { harness.folder.remove() }
        let empty = try await harness.post("")
        #expect(empty.status == 400 && empty.json["error"] as? String == "the request body is empty")
        let header = try await harness.post("timestamp,symbol,price,size\n\n")
        #expect(header.status == 400 && header.json["error"] as? String == "the upload holds no trade rows, only a header or blank lines")
    }

    @Test func upload_whenContentLengthIsPastTheLimit_answers413AtOnce() async throws {
        let harness = try UploadHarness(maxBytes: 100)
        defer { harness.folder.remove() }
        let answer = try await harness.post(Self.aggTrades, query: "?symbol=BTCUSDT")
        #expect(answer.status == 413 && answer.detail["limit"] as? Int == 100)
        #expect(answer.json["error"] as? String == "the upload is larger than web.max_upload_bytes (100 bytes); nothing was stored")
        #expect(try harness.tradeCount() == 0)
    }

    @Test func upload_whenAChunkedBodyGrowsPastTheLimit_answers413AndStoresNothing() async throws {
        let harness = try UploadHarness(maxBytes: 4_000)
        defer { harness.folder.remove() }
        let rows = (1...200).map { "\($0),100.0,1.0,\($0),\($0),\(60_000 + $0),true\n" }.joined()
        let answer = try await harness.post(Array(rows.utf8), query: "?symbol=BTCUSDT", chunk: 100, contentLength: false)
        #expect(answer.status == 413)
        #expect(try harness.tradeCount() == 0)
        #expect(harness.upload.statistics.snapshot.uploads[.tooLarge] == 1)
    }

    @Test func upload_whenTheClientStallsMidBody_answers408WithoutWaitingForItAndStoresNothing() async throws {
        let harness = try UploadHarness(stallTimeout: .milliseconds(200))
        defer { harness.folder.remove() }
        var head = HTTPRequest(method: .post, scheme: "http", authority: "127.0.0.1", path: TradesUpload.path)
        head.headerFields[.authorization] = "Bearer \(UploadHarness.token)"
        // A body that sends two rows and then nothing, never ending.
        let (chunks, continuation) = AsyncStream<ByteBuffer>.makeStream()
        continuation.yield(ByteBuffer(string: Self.seed))
        let request = Request(head: head, body: RequestBody(asyncSequence: chunks))
        let response = try await withTimeout(.seconds(60), "the answer to a stalled upload") { await harness.upload.handle(request) }
        continuation.finish()
        #expect(response.status == .requestTimeout)
        #expect(try harness.tradeCount() == 0)
        #expect(harness.upload.statistics.snapshot.uploads[.timeout] == 1)
    }

    /// The import (and its write transaction) starts once the body is complete, so a client that sends slowly holds
    /// its connection, not the database: other writers go on meanwhile.
    @Test func upload_whenTheClientSendsSlowly_leavesTheDatabaseWritableUntilTheBodyIsComplete() async throws {
        let harness = try UploadHarness()
        defer { harness.folder.remove() }
        var head = HTTPRequest(method: .post, scheme: "http", authority: "127.0.0.1", path: TradesUpload.path)
        head.headerFields[.authorization] = "Bearer \(UploadHarness.token)"
        let (chunks, continuation) = AsyncStream<ByteBuffer>.makeStream()
        continuation.yield(ByteBuffer(string: "timestamp,symbol,price,size\n60000,ETHUSDT,10,1\n"))
        let upload = harness.upload
        let answer = Task { await upload.handle(Request(head: head, body: RequestBody(asyncSequence: chunks))) }
        let other = Trade(symbol: "BTCUSDT", tradeID: 1, timeMs: 60_500, price: 100, quantity: 1, buyerIsMaker: false)
        let importer = TradeImporter(database: harness.database, timeframes: [Timeframe("1m")!])
        let written = try await withTimeout(.seconds(20), "a write while an upload is still arriving") {
            try await offThePool { try importer.importTrades([other]).inserted }
        }
        #expect(written == 1)
        continuation.yield(ByteBuffer(string: "61000,SOLUSDT,20,2\n"))
        continuation.finish()
        let response = await answer.value
        #expect(response.status == .ok)
        #expect(try harness.tradeCount() == 3)
    }

    @Test func upload_whenNoTokenIsConfigured_answers403SayingHowToEnable() async throws {
        let harness = try UploadHarness(token: nil)
        defer { harness.folder.remove() }
        let answer = try await harness.post(Self.seed)
        #expect(answer.status == 403 && answer.detail["setting"] as? String == "web.api_token_file")
        #expect(try harness.tradeCount() == 0)
        #expect(harness.upload.statistics.snapshot.uploads[.disabled] == 1)
    }

    @Test(arguments: [nil, "Bearer wrong", "Basic czNjcmV0LXRva2Vu", "Bearer s3cret-toke", "Bearer s3cret-token2", "Bearer"])
    func upload_whenTheTokenIsMissingOrWrong_answers401WithAChallenge(authorization: String?) async throws {
        let harness = try UploadHarness()
        defer { harness.folder.remove() }
        let answer = try await harness.post(Self.seed, authorization: authorization)
        #expect(answer.status == 401)
        #expect(answer.headers[.wwwAuthenticate] == "Bearer realm=\"pairwatch\"")
        #expect(try harness.tradeCount() == 0)
    }

    @Test func upload_whenTheSchemeIsWrittenInCapitals_acceptsTheToken() async throws {
        let harness = try UploadHarness()
        defer { harness.folder.remove() }
        #expect(try await harness.post(Self.seed, authorization: "BEARER \(UploadHarness.token)").status == 200)
    }

    @Test func constantTimeEqual_whenBytesDifferAnywhere_isFalse() {
        let token = Array("abcdef".utf8)
        #expect(UploadSettings.Values.constantTimeEqual(token, Array("abcdef".utf8)))
        for wrong in ["abcdeg", "bbcdef", "abcde", "abcdefg", ""] {
            #expect(!UploadSettings.Values.constantTimeEqual(token, Array(wrong.utf8)), "\(wrong)")
        }
    }
}
