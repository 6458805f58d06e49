// SPDX-License-Identifier: Apache-2.0
import Alerting
import Dispatch
import Feeds
import Hummingbird
import Logging
import Pipeline
import Storage

/// The JSON API under `/api/v1` (pairs, a pair's history, bars, status, alerts, trade uploads, the live stream and
/// the OpenAPI document), mounted on the exporter's routes. Handlers read the monitor's board and Storage's queries; an ``APIError`` is
/// answered as its JSON body, anything else as a 500 with a JSON body and a log line.
public struct APIRoutes: Sendable {
    public struct Sources: Sendable {
        public var board: PairBoard
        public var database: TradeDatabase
        public var configuration: RunningConfiguration
        public var status: StatusAPI.Sources
        public var alerts: @Sendable () async -> AlertListing
        /// `POST /api/v1/trades`.
        public var uploads: TradesUpload
        /// `GET /api/v1/stream`.
        public var stream: StreamHub

        public init(
            board: PairBoard, database: TradeDatabase, configuration: RunningConfiguration, status: StatusAPI.Sources,
            alerts: @escaping @Sendable () async -> AlertListing, uploads: TradesUpload, stream: StreamHub
        ) {
            self.board = board
            self.database = database
            self.configuration = configuration
            self.status = status
            self.alerts = alerts
            self.uploads = uploads
            self.stream = stream
        }
    }

    let sources: Sources
    let logger: Logger

    public init(_ sources: Sources, logger: Logger) {
        self.sources = sources
        self.logger = logger
    }

    public func add(to routes: inout ExporterRoutes) {
        let (sources, logger) = (sources, logger)
        let pairs = PairsAPI(board: sources.board)
        let history = PairHistoryAPI(board: sources.board, database: sources.database)
        let bars = BarsAPI(database: sources.database, configuration: sources.configuration)
        let status = StatusAPI(sources: sources.status, configuration: sources.configuration, board: sources.board)
        routes.on(PairsAPI.path, method: .get) { request in try await Self.answer(request, logger) { try pairs.respond(request) } }
        routes.on(PairHistoryAPI.pattern, method: .get) { request in try await Self.answer(request, logger) { try await history.respond(request) } }
        routes.on(BarsAPI.path, method: .get) { request in try await Self.answer(request, logger) { try await bars.respond(request) } }
        routes.on(StatusAPI.path, method: .get) { request in try await Self.answer(request, logger) { try status.respond() } }
        routes.on(AlertsAPI.path, method: .get) { _ in AlertsAPI.response(await sources.alerts()) }
        routes.on(OpenAPIDocument.path, method: .get) { _ in OpenAPIDocument.response }
        routes.on(TradesUpload.path, method: .post) { request in await sources.uploads.handle(request) }
        routes.on(StreamAPI.path, method: .get, StreamAPI.handler(hub: sources.stream))
    }

    /// Runs a handler, turning its errors into JSON responses.
    static func answer(_ request: Request, _ logger: Logger, _ handler: () async throws -> Response) async throws -> Response {
        do {
            return try await handler()
        } catch let error as APIError {
            return error.response
        } catch {
            logger.error("API request failed", metadata: ["path": "\(request.uri.path)", "error": "\(error)"])
            return APIError(.internalServerError, "the request could not be answered: \(error)").response
        }
    }
}

/// Storage reads of the API run here, not on the cooperative pool, which the pair engines and the HTTP server share:
/// a history of thousands of bars reads and computes for a noticeable time. Concurrent, as SQLite's WAL lets
/// readers run side by side.
private let apiReads = DispatchQueue(label: "pairwatch.api.reads", attributes: .concurrent)

func blocking<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
    try await apiReads.perform(body)
}
