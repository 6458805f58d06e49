// SPDX-License-Identifier: Apache-2.0
import Foundation
import HummingbirdTesting
import Storage
import Testing
import TestSupport

@testable import Exporter

/// `GET /api/v1/pairs` pages join up into the whole list, and its filters narrow it.
struct PairsAPITests {
    private func get(_ client: some TestClientProtocol, _ uri: String) async throws -> [String: Any] {
        let response = try await client.execute(uri: uri, method: .get)
        #expect(response.status == .ok, "\(uri)")
        return try #require(try JSONSerialization.jsonObject(with: Data(buffer: response.body)) as? [String: Any])
    }

    @Test func pages_whenFollowed_giveEverySeriesOnce() async throws {
        let folder = try TemporaryDirectory("pairs-api")
        defer { folder.remove() }
        let application = try APIQueryFuzzTests.application(database: try TradeDatabase(path: folder.file("p.db")))
        try await application.test(.router) { client in
            let whole = try await get(client, "/api/v1/pairs")
            let all = try #require(whole["data"] as? [[String: Any]]).map { "\($0["pair"] ?? "")/\($0["timeframe"] ?? "")" }
            #expect(all == ["BTCUSDT/ETHUSDT/1m", "SOLUSDT/ETHUSDT/1m"])
            #expect(whole["next"] is NSNull)
            let first = try await get(client, "/api/v1/pairs?limit=1")
            #expect(first["next"] as? String == "/api/v1/pairs?cursor=SOLUSDT%2FETHUSDT%2F1m&limit=1")
            let second = try await get(client, try #require(first["next"] as? String))
            #expect((second["data"] as? [[String: Any]])?.first?["pair"] as? String == "SOLUSDT/ETHUSDT")
            #expect(second["next"] is NSNull)
            let filtered = try await get(client, "/api/v1/pairs?pair=SOLUSDT/ETHUSDT")
            #expect((filtered["data"] as? [[String: Any]])?.count == 1)
            // The short series has a reading with too few samples: nulls, each with its reason.
            let statistics = try #require((filtered["data"] as? [[String: Any]])?.first?["statistics"] as? [String: Any])
            #expect(statistics["hedge_ratio"] is NSNull)
            #expect((statistics["unavailable"] as? [String: String])?["hedge_ratio"] == "3 samples, needs at least 4")
        }
    }
}
