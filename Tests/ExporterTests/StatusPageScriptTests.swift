// SPDX-License-Identifier: Apache-2.0
import Hummingbird
import HummingbirdTesting
import TestSupport
import Testing

@testable import Exporter
@testable import Pipeline

private typealias F = StatusPageFixtures

/// The page's script in headless chromium, against a server whose stream fails and one whose stream sends an
/// update: nothing in the console either way, and the update reaches the row.
@Suite(.serialized) struct StatusPageScriptTests {
    /// Serves the page for one series with `stream` routed at the stream's path, and loads it in chromium.
    static func load(stream: @escaping RouteTable.Handler) async throws -> HeadlessChromium.Run {
        let chromium = try HeadlessChromium()
        defer { chromium.remove() }
        let board = F.board([try F.entry("AAAUSDT", "BBBUSDT", history: [0.5, 1])])
        let router = Router()
        var routes = ExporterRoutes(registry: MetricsRegistry(), readiness: Readiness(), buildInfo: F.build)
        routes.status = F.sources(board: board)
        routes.on(StatusPage.streamPath, method: .get, stream)
        routes.add(to: router)
        let application = Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)))
        return try await application.test(.live) { client in
            let port = try #require(client.port)
            return try await chromium.dumpDOM("http://127.0.0.1:\(port)/")
        }
    }

    @Test func script_whenTheStreamAnswers404_logsNothingAndLeavesTheServerRenderedRow() async throws {
        let run = try await Self.load { _ in APIError(.notFound, "no route GET /api/v1/stream").response }
        #expect(run.consoleErrors.isEmpty, "console: \(run.consoleErrors)")
        #expect(run.dom.contains(#"<td class="num" title="alerts past ±2">+1.00</td>"#), "\(run.dom)")
    }

    @Test func script_whenASnapshotArrives_updatesTheRowsCellsWithoutConsoleErrors() async throws {
        let event = """
            retry: 600000
            event: snapshot
            data: {"pair":"AAAUSDT/BBBUSDT","timeframe":"1m","zscore":-2.5,"hedge_ratio":1.23456,"adf_pvalue":0.0004,\
            "coint_pvalue":null,"half_life_seconds":5400}


            """
        let run = try await Self.load { _ in
            Response(status: .ok, headers: [.contentType: "text/event-stream"], body: ResponseBody(byteBuffer: ByteBuffer(string: event)))
        }
        #expect(run.consoleErrors.isEmpty, "console: \(run.consoleErrors)")
        let row = try #require(run.dom.range(of: "<tr id=\"s-AAAUSDT/BBBUSDT-1m\"").map { String(run.dom[$0.lowerBound...].prefix(2_000)) })
        #expect(row.contains(#"<td class="num hot" title="alerts past ±2">-2.50</td>"#), "\(row)")
        #expect(row.contains(">1.235</td>"), "\(row)")
        #expect(row.contains(">&lt;0.001</td>"), "\(row)")
        #expect(row.contains(#"<td class="num na" title="unavailable">—</td>"#), "\(row)")
        #expect(row.contains(#" title="90.0 bars">1.5 h</td>"#), "\(row)")
    }
}
