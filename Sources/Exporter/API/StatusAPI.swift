// SPDX-License-Identifier: Apache-2.0
import Feeds
import Hummingbird
import Pipeline
import Storage

/// `GET /api/v1/status`: what the daemon is and how it is doing: version and uptime, readiness, the feed's
/// connections, storage size and write health, the running configuration in brief and the last reload.
public struct StatusAPI: Sendable {
    static let path = "/api/v1/status"

    /// The daemon's parts the status reads.
    public struct Sources: Sendable {
        public var buildInfo: BuildInfo
        public var startedMs: Int64
        public var nowMs: @Sendable () -> Int64
        public var readiness: Readiness
        public var feed: FeedStatistics
        public var storage: StorageMetrics
        public var reloads: ConfigMetrics

        public init(
            buildInfo: BuildInfo, startedMs: Int64, nowMs: @escaping @Sendable () -> Int64, readiness: Readiness, feed: FeedStatistics,
            storage: StorageMetrics, reloads: ConfigMetrics
        ) {
            self.buildInfo = buildInfo
            self.startedMs = startedMs
            self.nowMs = nowMs
            self.readiness = readiness
            self.feed = feed
            self.storage = storage
            self.reloads = reloads
        }
    }

    let sources: Sources
    let configuration: RunningConfiguration
    let board: PairBoard

    struct Body: Encodable {
        var version, revision, startedAt: String
        var startedAtMs: Int64
        var uptimeSeconds: Double
        var ready: Bool
        var notReadyReason: String?
        var feed: Feed
        var storage: Storage
        var configuration: Configuration
        var lastReload: Reload

        enum CodingKeys: String, CodingKey {
            case version, revision, startedAt = "started_at", startedAtMs = "started_at_ms", uptimeSeconds = "uptime_seconds", ready
            case notReadyReason = "not_ready_reason", feed, storage, configuration, lastReload = "last_reload"
        }

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(version, forKey: .version)
            try container.encode(revision, forKey: .revision)
            try container.encode(startedAt, forKey: .startedAt)
            try container.encode(startedAtMs, forKey: .startedAtMs)
            try container.encode(uptimeSeconds, forKey: .uptimeSeconds)
            try container.encode(ready, forKey: .ready)
            try container.encode(notReadyReason, forKey: .notReadyReason)
            try container.encode(feed, forKey: .feed)
            try container.encode(storage, forKey: .storage)
            try container.encode(configuration, forKey: .configuration)
            try container.encode(lastReload, forKey: .lastReload)
        }
    }

    struct Feed: Encodable {
        var source: String
        var connections: [Connection]
        var messagesTotal, decodeErrorsTotal, reconnectsTotal: UInt64

        enum CodingKeys: String, CodingKey {
            case source, connections, messagesTotal = "messages_total", decodeErrorsTotal = "decode_errors_total", reconnectsTotal = "reconnects_total"
        }
    }

    struct Connection: Encodable {
        var name: String
        var up: Bool
        var lastMessageAt: String?
        var lastMessageAgeSeconds: Double?
        var problem: String?

        enum CodingKeys: String, CodingKey {
            case name, up, lastMessageAt = "last_message_at", lastMessageAgeSeconds = "last_message_age_seconds", problem
        }

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(name, forKey: .name)
            try container.encode(up, forKey: .up)
            try container.encode(lastMessageAt, forKey: .lastMessageAt)
            try container.encode(lastMessageAgeSeconds, forKey: .lastMessageAgeSeconds)
            try container.encode(problem, forKey: .problem)
        }
    }

    struct Storage: Encodable {
        var path: String
        var sizeBytes: Int64
        var tradesWrittenTotal, batchesTotal, writeErrorsTotal: UInt64
        var writable: Bool

        enum CodingKeys: String, CodingKey {
            case path, sizeBytes = "size_bytes", tradesWrittenTotal = "trades_written_total", batchesTotal = "batches_total"
            case writeErrorsTotal = "write_errors_total", writable
        }
    }

    struct Configuration: Encodable {
        var symbols: [String]
        var timeframes: [String]
        var pairs, pairSeries, alertRules: Int
        var receivers: [String]

        enum CodingKeys: String, CodingKey {
            case symbols, timeframes, pairs, pairSeries = "pair_series", alertRules = "alert_rules", receivers
        }
    }

    struct Reload: Encodable {
        var successful: Bool
        var lastSuccessAt: String
        var lastSuccessAtMs: Int64

        enum CodingKeys: String, CodingKey {
            case successful, lastSuccessAt = "last_success_at", lastSuccessAtMs = "last_success_at_ms"
        }
    }

    func respond() throws(APIError) -> Response {
        APIJSON.response(body())
    }

    func body() -> Body {
        let nowMs = sources.nowMs()
        let summary = configuration.summary
        let notReady = sources.readiness.notReadyReason
        let feed = sources.feed.snapshot
        let connections = feed.connections.sorted { $0.key < $1.key }.map { name, connection in
            Connection(
                name: name, up: connection.up, lastMessageAt: connection.lastMessageMs.map(APIJSON.timestamp),
                lastMessageAgeSeconds: connection.lastMessageMs.map { Double(max(0, nowMs - $0)) / 1_000 }, problem: connection.problem)
        }
        let (storage, sizeBytes) = sources.storage.snapshot()
        let reload = sources.reloads.snapshot()
        return Body(
            version: sources.buildInfo.version, revision: sources.buildInfo.revision, startedAt: APIJSON.timestamp(sources.startedMs),
            startedAtMs: sources.startedMs, uptimeSeconds: Double(max(0, nowMs - sources.startedMs)) / 1_000, ready: notReady == nil,
            notReadyReason: notReady,
            feed: Feed(
                source: summary.feedSource, connections: connections, messagesTotal: feed.messages, decodeErrorsTotal: feed.decodeErrors,
                reconnectsTotal: feed.reconnects.values.reduce(0, +)),
            storage: Storage(
                path: summary.storagePath, sizeBytes: sizeBytes, tradesWrittenTotal: storage.tradesWritten, batchesTotal: storage.batches,
                writeErrorsTotal: storage.errors.values.reduce(0, +), writable: sources.readiness.reason("storage") == nil),
            configuration: Configuration(
                symbols: summary.symbols, timeframes: summary.timeframes.map(\.name), pairs: summary.pairs, pairSeries: board.entries.count,
                alertRules: summary.alertRules, receivers: summary.receivers),
            lastReload: Reload(successful: reload.successful, lastSuccessAt: APIJSON.timestamp(reload.lastSuccessMs), lastSuccessAtMs: reload.lastSuccessMs))
    }
}
