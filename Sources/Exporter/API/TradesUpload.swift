// SPDX-License-Identifier: Apache-2.0
import Dispatch
import Hummingbird
import MarketData
import Pipeline
import Storage

/// `POST /api/v1/trades`: a trade CSV in any format `pairwatch import` reads, imported as the command does (one
/// transaction: a bad row, a body too large or a client gone keeps nothing), its bytes streamed from the request
/// into the import so an upload never sits whole in memory. Answers the import summary, or a JSON error.
///
/// The import shares the daemon's database handle, so its transaction and the live writer's commits take turns
/// instead of failing each other with `SQLITE_BUSY`; live trades stay queued while an upload imports.
public struct TradesUpload: Sendable {
    public static let path = "/api/v1/trades"
    /// What errors call the file: the lines and columns are the upload's own.
    static let name = "upload"

    let database: TradeDatabase
    public let settings: UploadSettings
    public let statistics: UploadStatistics
    /// How long a client may pause mid-body before the upload fails with 408: the import holds the write
    /// transaction while it waits, and the daemon's writer waits behind it (well under the watchdog's half period).
    let stallTimeout: Duration
    /// Imports run one at a time, off the cooperative pool: each holds the write transaction throughout.
    private let queue = DispatchQueue(label: "pairwatch.upload")

    public init(database: TradeDatabase, settings: UploadSettings, statistics: UploadStatistics, stallTimeout: Duration = .seconds(10)) {
        self.database = database
        self.settings = settings
        self.statistics = statistics
        self.stallTimeout = stallTimeout
    }

    public func handle(_ request: Request) async -> Response {
        let current = settings.current
        do throws(APIError) {
            try current.authorize(request.headers[.authorization])
            let query = try UploadQuery(request)
            if let length = request.headers[.contentLength].flatMap({ Int64($0) }), length > current.maxBytes {
                throw Self.tooLarge(current.maxBytes)
            }
            let summary = try await upload(request.body, query: query, settings: current)
            statistics.record(.ok, inserted: summary.inserted)
            return APIJSON.response(UploadSummary(summary))
        } catch {
            statistics.record(Self.result(error.status))
            return error.response
        }
    }

    private func upload(_ body: RequestBody, query: UploadQuery, settings: UploadSettings.Values) async throws(APIError) -> ImportSummary {
        let stream = TradeByteStream(stallTimeout: stallTimeout)
        let importer = TradeImporter(database: database, timeframes: settings.timeframes)
        let sender = Task { await Self.send(body, to: stream, limit: settings.maxBytes) }
        let outcome: Result<ImportSummary, any Error>
        do {
            outcome = .success(
                try await queue.perform { try importer.importStream(stream, name: Self.name, format: query.format, symbol: query.symbol) })
        } catch {
            // The import reads no more: the answer goes out without waiting for a client that is still sending, or stalled.
            sender.cancel()
            outcome = .failure(error)
        }
        let received = await sender.value
        switch outcome {
        case .failure where received > settings.maxBytes: throw Self.tooLarge(settings.maxBytes)
        case .failure(let error): throw UploadFailure.apiError(error)
        case .success(let summary) where summary.rowsRead == 0:
            let what = received == 0 ? "the request body is empty" : "the upload holds no trade rows, only a header or blank lines"
            throw APIError(.badRequest, what, detail: ["expected": .string("a trade CSV with at least one row")])
        case .success(let summary): return summary
        }
    }

    /// Feeds the body to the import until it ends, the import stops reading, or it passes `limit` (counted as the
    /// bytes arrive, whatever `Content-Length` said); returns the bytes received.
    private static func send(_ body: RequestBody, to stream: TradeByteStream, limit: Int64) async -> Int64 {
        var received: Int64 = 0
        do {
            for try await buffer in body {
                received += Int64(buffer.readableBytes)
                if received > limit {
                    stream.finish(throwing: TradeByteStream.Failure("the upload is larger than web.max_upload_bytes (\(limit))"))
                    return received
                }
                guard await stream.send(Array(buffer.readableBytesView)) else { return received }
            }
            stream.finish()
        } catch {
            stream.finish(throwing: TradeByteStream.Failure("the request body ended early: \(error)"))
        }
        return received
    }

    static func tooLarge(_ limit: Int64) -> APIError {
        APIError(
            .contentTooLarge, "the upload is larger than web.max_upload_bytes (\(limit) bytes); nothing was stored",
            detail: ["limit": .int(limit)])
    }

    static func result(_ status: HTTPResponse.Status) -> UploadStatistics.Result {
        switch status {
        case .contentTooLarge: .tooLarge
        case .unauthorized: .unauthorized
        case .forbidden: .disabled
        case .requestTimeout: .timeout
        case _ where status.code >= 500: .unavailable
        default: .badRequest
        }
    }
}

/// The JSON body of a successful upload.
struct UploadSummary: Encodable {
    var rowsRead: Int
    var inserted: Int
    var duplicates: Int
    var barsWritten: Int
    var format: String?
    var symbols: [String]

    init(_ summary: ImportSummary) {
        (rowsRead, inserted, duplicates, barsWritten) = (summary.rowsRead, summary.inserted, summary.duplicates, summary.barsWritten)
        format = summary.format?.rawValue
        symbols = summary.symbols.sorted()
    }

    enum CodingKeys: String, CodingKey {
        case rowsRead = "rows_read", inserted, duplicates, barsWritten = "bars_written", format, symbols
    }
}
