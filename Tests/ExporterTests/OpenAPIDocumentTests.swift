// SPDX-License-Identifier: Apache-2.0
import Feeds
import Foundation
import Hummingbird
import Logging
import MarketData
import Pipeline
import Storage
import Testing
import TestSupport

@testable import Alerting
@testable import Exporter

/// The API's document is the contract: the binary serves exactly the committed file, and its paths are exactly the
/// API routes the exporter has (schemathesis, in the end-to-end tests, checks what the routes answer).
struct OpenAPIDocumentTests {
    static let file = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("openapi/pairwatch-api.json")

    @Test func servedDocument_whenCompiledIn_isTheCommittedFile() throws {
        let committed = try String(contentsOf: Self.file, encoding: .utf8)
        #expect(OpenAPIDocument.text + "\n" == committed, "run `make openapi` after editing \(Self.file.path)")
        let document = try #require(try JSONSerialization.jsonObject(with: Data(committed.utf8)) as? [String: Any])
        #expect(document["openapi"] as? String == "3.1.0")
    }

    @Test func documentPaths_whenComparedWithTheRoutes_areTheSame() throws {
        let folder = try TemporaryDirectory("openapi-routes")
        defer { folder.remove() }
        let database = try TradeDatabase(path: folder.file("p.db"))
        let configuration = RunningConfiguration(
            .init(symbols: [], timeframes: [], feedSource: "simulate", storagePath: folder.file("p.db"), pairs: 0, alertRules: 0, receivers: []))
        let status = StatusAPI.Sources(
            buildInfo: BuildInfo(version: "0", revision: "r", swiftVersion: "6"), startedMs: 0, nowMs: { 0 }, readiness: Readiness(),
            feed: FeedStatistics(), storage: StorageMetrics(database: database, statistics: StorageStatistics()),
            reloads: ConfigMetrics(loadedAtMs: 0))
        var routes = ExporterRoutes(
            registry: MetricsRegistry(logger: Logger(label: "test")), readiness: Readiness(),
            buildInfo: BuildInfo(version: "0", revision: "r", swiftVersion: "6"))
        APIRoutes(
            .init(board: PairBoard(), database: database, configuration: configuration, status: status, alerts: { .init(alerts: []) },
                uploads: TradesUpload(database: database, settings: UploadSettings(.init(token: nil, maxBytes: 1 << 20, timeframes: [])), statistics: UploadStatistics()), stream: StreamHub()),
            logger: Logger(label: "test")
        ).add(to: &routes)
        let routed = Set(
            routes.table.routes.map(\.path).filter { $0.hasPrefix("/api/") }.map { path in
                path.split(separator: "/", omittingEmptySubsequences: false).map { $0.hasPrefix(":") ? "{\($0.dropFirst())}" : String($0) }
                    .joined(separator: "/")
            })
        let document = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: Self.file)) as? [String: Any])
        let documented = Set((document["paths"] as? [String: Any] ?? [:]).keys)
        #expect(routed == documented, "routed but not documented: \(routed.subtracting(documented)); documented but not routed: \(documented.subtracting(routed))")
    }
}

/// Times are written without a date formatter; they must be what one writes.
struct APITimeTests {
    @Test func timestamp_whenComparedWithISO8601DateFormatter_isTheSame() {
        let seed = testSeed()
        var random = SplitMix64(seed: seed)
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        let fixed: [Int64] = [0, 1, 999, 86_399_999, 86_400_000, 951_782_400_000, 4_107_542_399_999, 253_402_300_799_999, -1, -86_400_001]
        for ms in fixed + (0..<2_000).map({ _ in Int64(random.next() % 253_402_300_800_000) }) {
            #expect(APIJSON.timestamp(ms) == formatter.string(from: Date(timeIntervalSince1970: Double(ms) / 1_000)), "\(ms)")
        }
    }

    @Test func queryTime_whenGivenEitherForm_readsMilliseconds() {
        #expect(APIQuery.milliseconds("1704067200000") == 1_704_067_200_000)
        #expect(APIQuery.milliseconds("2024-01-01T00:00:00Z") == 1_704_067_200_000)
        #expect(APIQuery.milliseconds("2024-01-01T01:00:00.250+01:00") == 1_704_067_200_250)
        for bad in ["", "yesterday", "-5", "2024-01-01", "99999999999999999999", "1e12"] {
            #expect(APIQuery.milliseconds(bad) == nil, "\(bad)")
        }
    }
}
