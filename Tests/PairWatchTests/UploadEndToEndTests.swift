// SPDX-License-Identifier: Apache-2.0
import Foundation
import GRDB
import Hummingbird
import HummingbirdTesting
import MarketData
import NIOCore
import TestSupport
import Testing

/// `POST /api/v1/trades` against the real daemon: what it stores equals `pairwatch import` of the same file, the
/// token gates it and follows reloads, and the metrics count it.
private struct UploadDaemon {
    let folder: TemporaryDirectory
    let config: String
    let tokenFile: String

    init(token: String?) throws {
        folder = try TemporaryDirectory("pairwatch-upload-e2e")
        tokenFile = folder.file("api-token")
        config = folder.file("pairwatch.yml")
        // The replayed file holds another symbol's single trade: the live writer never touches the uploaded ones.
        try "timestamp,symbol,price,size\n1704067200000,AAAUSDT,10,1\n".write(toFile: folder.file("replay.csv"), atomically: true, encoding: .utf8)
        if let token { try "\(token)\n".write(toFile: tokenFile, atomically: true, encoding: .utf8) }
        try """
            storage: {path: \(folder.file("serve.db")), retention: 5000d, bar_retention: 5000d}
            feed: {source: replay, replay: {file: \(folder.file("replay.csv")), speed: 0}}
            timeframes: [1m, 5m]
            pairs: [{a: AAAUSDT, b: BBBUSDT}]
            \(token == nil ? "" : "web: {api_token_file: \(tokenFile)}")
            """.write(toFile: config, atomically: true, encoding: .utf8)
    }
}

/// Binance aggTrades rows, a few a second over `minutes`, with quiet stretches.
private func aggTradesFile(rows: Int) -> String {
    var random = SplitMix64(seed: 11)
    var price = 42_000.0
    return (0..<rows).map { index in
        price += Double.random(in: -5...5, using: &random)
        let time = 1_704_067_200_000 + Int64(index) * 700 + (index > rows / 2 ? 600_000 : 0)
        return "\(index + 1),\((price * 10).rounded() / 10),0.0\(index % 9 + 1),\(index),\(index),\(time),\(index % 3 == 0)\n"
    }.joined()
}

private func post(port: Int, path: String, body: String, token: String?) async throws -> (status: Int, headers: HTTPFields, body: String) {
    try await TestClient.withClient(host: "127.0.0.1", port: port) { client in
        let headers: HTTPFields = token.map { [.authorization: "Bearer \($0)"] } ?? [:]
        let response = try await client.post(path, headers: headers, body: ByteBuffer(string: body))
        return (Int(response.status.code), response.headers, response.body.map { String(buffer: $0) } ?? "")
    }
}

private func tables(_ path: String) throws -> [String] {
    try DatabaseQueue(path: path).read { db in
        try Row.fetchAll(db, sql: "SELECT * FROM trades WHERE symbol = 'BTCUSDT' ORDER BY trade_id").map(\.description)
            + Row.fetchAll(db, sql: "SELECT * FROM bars WHERE symbol = 'BTCUSDT' ORDER BY timeframe, start_ms").map(\.description)
    }
}

@Test func upload_whenServedWithAToken_storesWhatTheImportCommandStores() async throws {
    let daemon = try UploadDaemon(token: "e2e-token")
    defer { daemon.folder.remove() }
    let file = daemon.folder.file("trades.csv")
    let rows = aggTradesFile(rows: 3_000)
    try rows.write(toFile: file, atomically: true, encoding: .utf8)
    let (process, port) = try await RunningPairwatch.serve(["--config.file", daemon.config])
    defer { process.stop() }
    let answer = try await post(port: port, path: "/api/v1/trades?symbol=BTCUSDT", body: rows, token: "e2e-token")
    #expect(answer.status == 200, "\(answer.body)")
    let json = try JSONSerialization.jsonObject(with: Data(answer.body.utf8)) as? [String: Any] ?? [:]
    #expect(json["rows_read"] as? Int == 3_000 && json["inserted"] as? Int == 3_000 && json["format"] as? String == "aggtrades")
    let bad = try await post(port: port, path: "/api/v1/trades?symbol=BTCUSDT", body: "1,2,3\n", token: "e2e-token")
    #expect(bad.status == 400 && bad.headers[.contentType] == "application/json")
    let scrape = parseExposition(try await httpGet(port: port, path: "/metrics").body)
    #expect(scrape["pairwatch_api_uploads_total{result=\"ok\"}"] == 1 && scrape["pairwatch_api_uploads_total{result=\"bad_request\"}"] == 1)
    #expect(scrape["pairwatch_api_uploaded_trades_total"] == 3_000)
    process.signal(SIGTERM)
    #expect(await process.waitForExit() == 0)

    let imported = daemon.folder.file("import.db")
    let output = try await runPairwatch(["import", "--config.file", daemon.config, "--storage.path", imported, "--symbol", "BTCUSDT", file])
    #expect(output.status == 0, "\(output.stderr)")
    let uploaded = try tables(daemon.folder.file("serve.db"))
    #expect(uploaded.count > 3_000)
    #expect(uploaded == (try tables(imported)))
}

@Test func upload_whenNoTokenFileIsConfigured_answers403() async throws {
    let daemon = try UploadDaemon(token: nil)
    defer { daemon.folder.remove() }
    let (process, port) = try await RunningPairwatch.serve(["--config.file", daemon.config])
    defer { process.stop() }
    let answer = try await post(port: port, path: "/api/v1/trades", body: "timestamp,symbol,price,size\n1,BTCUSDT,1,1\n", token: "anything")
    #expect(answer.status == 403)
    #expect(answer.body.contains(#""setting":"web.api_token_file""#))
}

@Test func upload_whenTheTokenFileChangesAndTheConfigReloads_acceptsOnlyTheNewToken() async throws {
    let daemon = try UploadDaemon(token: "first")
    defer { daemon.folder.remove() }
    let (process, port) = try await RunningPairwatch.serve(["--config.file", daemon.config, "--web.enable-lifecycle"])
    defer { process.stop() }
    let rows = "timestamp,symbol,price,size\n1704067200000,BTCUSDT,1,1\n"
    let missing = try await post(port: port, path: "/api/v1/trades", body: rows, token: nil)
    #expect(missing.status == 401 && missing.headers[.wwwAuthenticate] == "Bearer realm=\"pairwatch\"")
    #expect(try await post(port: port, path: "/api/v1/trades", body: rows, token: "second").status == 401)
    #expect(try await post(port: port, path: "/api/v1/trades", body: rows, token: "first").status == 200)
    try "second\n".write(toFile: daemon.tokenFile, atomically: true, encoding: .utf8)
    #expect(try await post(port: port, path: "/-/reload", body: "", token: nil).status == 200)
    #expect(try await post(port: port, path: "/api/v1/trades", body: rows, token: "first").status == 401)
    #expect(try await post(port: port, path: "/api/v1/trades", body: rows, token: "second").status == 200)
    let scrape = parseExposition(try await httpGet(port: port, path: "/metrics").body)
    #expect(scrape["pairwatch_api_uploads_total{result=\"unauthorized\"}"] == 3)
}

/// Seed-format rows of both legs of the daemon's pair, a few a minute over `minutes` minutes from 00:10 on the day of the
/// replayed trade, so each leg gets a bar a minute.
private func pairLegsFile(minutes: Int) -> String {
    var random = SplitMix64(seed: 23)
    var b = 100.0
    var rows = "timestamp,symbol,price,size\n"
    for minute in 0..<minutes {
        for trade in 0..<3 {
            b += Double.random(in: -0.5...0.5, using: &random)
            let time = 1_704_067_800_000 + Int64(minute) * 60_000 + Int64(trade) * 15_000
            let a = 3 + 1.7 * b + Double.random(in: -0.2...0.2, using: &random)
            rows += "\(time),AAAUSDT,\((a * 100).rounded() / 100),1\n\(time + 1),BBBUSDT,\((b * 100).rounded() / 100),1\n"
        }
    }
    return rows
}

/// An upload of both legs' history reaches the pair's statistics at once: the series is restored from the stored bars
/// before the upload is answered, as it would be at a restart.
@Test func upload_ofAPairsLegs_restoresThePairStatisticsFromTheUploadedBars() async throws {
    let daemon = try UploadDaemon(token: "e2e-token")
    defer { daemon.folder.remove() }
    let (process, port) = try await RunningPairwatch.serve(["--config.file", daemon.config])
    defer { process.stop() }
    let samples = #"pairwatch_pair_window_samples{pair="AAAUSDT/BBBUSDT",timeframe="1m"}"#
    #expect(parseExposition(try await httpGet(port: port, path: "/metrics").body)[samples] == nil)
    let answer = try await post(port: port, path: "/api/v1/trades", body: pairLegsFile(minutes: 40), token: "e2e-token")
    #expect(answer.status == 200, "\(answer.body)")
    let scrape = parseExposition(try await httpGet(port: port, path: "/metrics").body)
    #expect(scrape[samples] == 40)
    #expect(scrape[#"pairwatch_pair_hedge_ratio{pair="AAAUSDT/BBBUSDT",timeframe="1m"}"#].map { abs($0 - 1.7) < 0.2 } == true)
}
