// SPDX-License-Identifier: Apache-2.0
import Foundation
import Hummingbird
import MarketData
import Storage
import TestSupport

@testable import Exporter

/// `POST /api/v1/trades` driven in process against a database in a temporary folder: requests are built with a body
/// that arrives in chunks, as from a socket, and answers are read back as status, headers and JSON.
struct UploadHarness {
    struct Answer {
        var status: Int
        var headers: HTTPFields
        var json: [String: Any]
        var detail: [String: Any] { json["detail"] as? [String: Any] ?? [:] }
    }

    static let token = "s3cret-token"
    let folder: TemporaryDirectory
    let database: TradeDatabase
    let upload: TradesUpload

    /// The stall timeout is long by default: other tests may keep the cooperative pool, where the body is fed from,
    /// busy for seconds.
    init(
        token: String? = UploadHarness.token, maxBytes: Int64 = 1 << 20, timeframes: [String] = ["1m"], stallTimeout: Duration = .seconds(300)
    ) throws {
        folder = try TemporaryDirectory("pairwatch-upload")
        database = try TradeDatabase(path: folder.file("p.db"))
        let values = UploadSettings.Values(token: token.map { Array($0.utf8) }, maxBytes: maxBytes, timeframes: timeframes.compactMap { Timeframe($0) })
        let settings = UploadSettings(values)
        upload = TradesUpload(database: database, settings: settings, statistics: UploadStatistics(), stallTimeout: stallTimeout)
    }

    /// Posts `body` in chunks of `chunk` bytes; `contentLength` false sends none, as a chunked upload.
    func post(
        _ body: [UInt8], query: String = "", authorization: String? = "Bearer \(UploadHarness.token)", chunk: Int = 4096,
        contentLength: Bool = true
    ) async throws -> Answer {
        var head = HTTPRequest(method: .post, scheme: "http", authority: "127.0.0.1", path: TradesUpload.path + query)
        if let authorization { head.headerFields[.authorization] = authorization }
        if contentLength { head.headerFields[.contentLength] = "\(body.count)" }
        let (chunks, continuation) = AsyncStream<ByteBuffer>.makeStream()
        for start in stride(from: 0, to: body.count, by: max(chunk, 1)) {
            continuation.yield(ByteBuffer(bytes: body[start..<min(start + chunk, body.count)]))
        }
        continuation.finish()
        let response = await upload.handle(Request(head: head, body: RequestBody(asyncSequence: chunks)))
        let collected = Collected()
        try await response.body.write(CollectingWriter(collected: collected))
        let json = try JSONSerialization.jsonObject(with: Data(collected.bytes)) as? [String: Any] ?? [:]
        return Answer(status: Int(response.status.code), headers: response.headers, json: json)
    }

    func post(
        _ text: String, query: String = "", authorization: String? = "Bearer \(UploadHarness.token)", chunk: Int = 4096
    ) async throws -> Answer {
        try await post(Array(text.utf8), query: query, authorization: authorization, chunk: chunk)
    }

    func tradeCount() throws -> Int { try database.tradeCount() }

    func barCount(_ symbol: String) throws -> Int {
        try database.lastBars(symbol: symbol, timeframe: Timeframe("1m")!, count: 1_000_000).count
    }
}

private final class Collected: @unchecked Sendable {  // written by one response body, read after it finished
    var bytes: [UInt8] = []
}

private struct CollectingWriter: ResponseBodyWriter {
    let collected: Collected

    mutating func write(_ buffer: ByteBuffer) async throws {
        collected.bytes += buffer.readableBytesView
    }

    consuming func finish(_ trailingHeaders: HTTPFields?) async throws {}
}
