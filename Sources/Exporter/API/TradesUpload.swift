// SPDX-License-Identifier: Apache-2.0
import Dispatch
import Hummingbird
import MarketData
import Pipeline
import Storage

/// `POST /api/v1/trades`: a trade CSV in any format `pairwatch import` reads, imported as the command does (one
/// transaction: a bad row, a body too large or a client gone keeps nothing). The body streams to a temporary file
/// (``UploadSpool``), never whole in memory, and the import reads it from there once it is complete. Answers the
/// import summary, or a JSON error.
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
    /// How long a client may pause mid-body before the upload fails with 408.
    let stallTimeout: Duration
    /// Imports run one at a time, off the cooperative pool: each holds the write transaction throughout.
    private let queue = DispatchQueue(label: "pairwatch.upload")
    /// Told the symbols of an upload that stored new trades, before the answer goes out: the pair statistics computed
    /// from their bars are brought up to date with what the upload changed.
    let onImported: @Sendable (_ symbols: Set<String>) async -> Void

    public init(
        database: TradeDatabase, settings: UploadSettings, statistics: UploadStatistics, stallTimeout: Duration = .seconds(10),
        onImported: @escaping @Sendable (_ symbols: Set<String>) async -> Void = { _ in }
    ) {
        self.database = database
        self.settings = settings
        self.statistics = statistics
        self.stallTimeout = stallTimeout
        self.onImported = onImported
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
            if summary.inserted > 0 { await onImported(summary.symbols) }
            return APIJSON.response(UploadSummary(summary))
        } catch {
            statistics.record(Self.result(error.status))
            return error.response
        }
    }

    private func upload(_ body: RequestBody, query: UploadQuery, settings: UploadSettings.Values) async throws(APIError) -> ImportSummary {
        let spool = try await UploadSpool.receive(body, limit: settings.maxBytes, stallTimeout: stallTimeout)
        defer { spool.remove() }
        guard spool.bytes > 0 else {
            throw APIError(.badRequest, "the request body is empty", detail: ["expected": .string("a trade CSV with at least one row")])
        }
        let stream = TradeByteStream(stallTimeout: stallTimeout)
        let importer = TradeImporter(database: database, timeframes: settings.timeframes)
        let feeder = Task { await spool.feed(stream) }
        defer { feeder.cancel() }
        let summary: ImportSummary
        do {
            summary = try await queue.perform { try importer.importStream(stream, name: Self.name, format: query.format, symbol: query.symbol) }
        } catch {
            throw UploadFailure.apiError(error)
        }
        guard summary.rowsRead > 0 else {
            throw APIError(
                .badRequest, "the upload holds no trade rows, only a header or blank lines",
                detail: ["expected": .string("a trade CSV with at least one row")])
        }
        return summary
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
