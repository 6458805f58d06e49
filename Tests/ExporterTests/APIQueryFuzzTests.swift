// SPDX-License-Identifier: Apache-2.0
import Feeds
import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import MarketData
import Pipeline
import Storage
import Testing
import TestSupport

@testable import Alerting
@testable import Exporter

/// Random and mutated query strings and paths against every read route of the API: whatever arrives, the answer is
/// a 2xx or a 4xx with a JSON body, never a 5xx or a crash. One and a half seconds here; `make fuzz` runs it longer
/// (`PAIRWATCH_FUZZ_SECONDS`).
struct APIQueryFuzzTests {
    static let seconds = ProcessInfo.processInfo.environment["PAIRWATCH_FUZZ_SECONDS"].flatMap(Double.init) ?? 1.5

    @Test func readRoutes_whenQueriedWithRandomAndMutatedValues_neverAnswer5xx() async throws {
        let seed = testSeed()
        let folder = try TemporaryDirectory("api-fuzz")
        defer { folder.remove() }
        let application = try Self.application(database: try TradeDatabase(path: folder.file("p.db")))
        let deadline = ContinuousClock.now + .seconds(Self.seconds)
        let requests = try await application.test(.router) { client in
            var random = SplitMix64(seed: seed)
            var requests = 0
            // At least 300 requests however slow the machine, and as many more as the time allows.
            while requests < 300 || ContinuousClock.now < deadline {
                let target = Self.target(&random)
                let response = try await client.execute(uri: target, method: .get)
                requests += 1
                #expect(response.status.code < 500, "\(target) answered \(response.status)")
                if response.status.code >= 400 {
                    let body = Data(buffer: response.body)
                    #expect((try? JSONSerialization.jsonObject(with: body)) is [String: Any], "\(target): \(String(decoding: body, as: UTF8.self))")
                }
            }
            return requests
        }
        print("APIQueryFuzzTests: \(requests) requests in \(Self.seconds) s")
    }

    static let paths = [
        "/api/v1/pairs", "/api/v1/pairs/BTCUSDT/ETHUSDT/1m/history", "/api/v1/bars", "/api/v1/status", "/api/v1/alerts",
        "/api/v1/pairs/BTCUSDT/ETH%00USDT/1m/history", "/api/v1/pairs/%2F/%2F/%2F/history", "/api/v1/pairs//ETHUSDT/1m/history",
    ]
    static let keys = ["limit", "from", "to", "cursor", "pair", "timeframe", "symbol", "x", ""]
    static let values = [
        "1", "0", "-1", "10000", "10001", "9223372036854775807", "9223372036854775808", "1e3", "0x10", "", " ", "%", "%ZZ", "%00",
        "2024-01-01T00:00:00Z", "2024-13-40T25:61:61Z", "2024-01-01T00:00:00.999999999+14:00", "9999-12-31T23:59:59.999Z", "0001-01-01T00:00:00Z",
        "253402300799999", "253402300800000", "BTCUSDT", "BTCUSDT/ETHUSDT", "1m", "1s", "5m", "1y", "🙂", "%F0%9F%99%82", "a&b=c", "null",
    ]

    /// A path from the routes and a query of random keys with listed, random or mutated values.
    static func target(_ random: inout SplitMix64) -> String {
        var path = paths[Int(random.next() % UInt64(paths.count))]
        let count = Int(random.next() % 5)
        let query = (0..<count).map { _ -> String in
            let key = keys[Int(random.next() % UInt64(keys.count))]
            var value = values[Int(random.next() % UInt64(values.count))]
            switch random.next() % 4 {
            case 0: value = String((0..<Int(random.next() % 12)).map { _ in Character(UnicodeScalar(UInt8(33 + random.next() % 94))) })
            case 1 where !value.isEmpty: value.remove(at: value.index(value.startIndex, offsetBy: Int(random.next() % UInt64(value.count))))
            default: break
            }
            let escaped = value.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? ""
            return "\(key)=\(random.next() % 3 == 0 ? value.replacingOccurrences(of: " ", with: "+") : escaped)"
        }
        if random.next() % 10 == 0 { path += "/" }
        return query.isEmpty ? path : path + "?" + query.joined(separator: "&")
    }

    static func application(database: TradeDatabase) throws -> some ApplicationProtocol {
        let configuration = RunningConfiguration(
            .init(
                symbols: ["BTCUSDT", "ETHUSDT", "SOLUSDT"], timeframes: [Timeframe("1m")!], feedSource: "simulate", storagePath: "p.db", pairs: 2,
                alertRules: 0, receivers: []))
        let build = BuildInfo(version: "0", revision: "r", swiftVersion: "6")
        let status = StatusAPI.Sources(
            buildInfo: build, startedMs: 0, nowMs: { 1_000 }, readiness: Readiness(), feed: FeedStatistics(),
            storage: StorageMetrics(database: database, statistics: StorageStatistics()), reloads: ConfigMetrics(loadedAtMs: 0))
        var routes = ExporterRoutes(registry: MetricsRegistry(logger: Logger(label: "test")), readiness: Readiness(), buildInfo: build)
        APIRoutes(
            .init(board: fixedBoard(), database: database, configuration: configuration, status: status, alerts: { .init(alerts: []) },
                uploads: TradesUpload(database: database, settings: UploadSettings(.init(token: nil, maxBytes: 1 << 20, timeframes: [])), statistics: UploadStatistics()), stream: StreamHub()),
            logger: Logger(label: "test")
        ).add(to: &routes)
        let router = Router()
        routes.add(to: router)
        return Application(router: router)
    }
}
