// SPDX-License-Identifier: Apache-2.0
import Testing
import TestSupport

@testable import Exporter

// These tests measure real connections on the wall clock: the timers live in the server's event loop, which no
// injected clock reaches. The timeouts are one second and each bound leaves room for a loaded machine.

@Test func readHeaderTimeout_whenHeadersTrickle_closesTheConnection() async throws {
    let web = WebServing(readHeaderTimeout: .seconds(1), readTimeout: .seconds(30), idleTimeout: .seconds(30))
    try await withLiveServer(web: web) { port in
        let connection = try RawConnection(port: port)
        try connection.send("GET /metrics HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ")
        let result = await connection.readUntilClosed(limit: .seconds(20))
        let closedAfter = try #require(result.closedAfter, "still open after 20 s")
        #expect(closedAfter > .milliseconds(800) && closedAfter < .seconds(15))
        #expect(result.received.isEmpty)
    }
}

@Test func idleTimeout_whenNewConnectionSendsNothing_closesItThenNotAtTheHeaderTimeout() async throws {
    let web = WebServing(readHeaderTimeout: .milliseconds(500), readTimeout: .seconds(30), idleTimeout: .seconds(2))
    try await withLiveServer(web: web) { port in
        let connection = try RawConnection(port: port)
        let result = await connection.readUntilClosed(limit: .seconds(20))
        let closedAfter = try #require(result.closedAfter, "still open after 20 s")
        #expect(closedAfter > .milliseconds(1_800) && closedAfter < .seconds(15))
    }
}

@Test func readTimeout_whenBodyTrickles_closesTheConnection() async throws {
    let web = WebServing(readHeaderTimeout: .seconds(1), readTimeout: .seconds(2), idleTimeout: .seconds(30))
    try await withLiveServer(web: web) { port in
        let connection = try RawConnection(port: port)
        try connection.send("POST /echo HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 100\r\n\r\n0123456789")
        let result = await connection.readUntilClosed(limit: .seconds(20))
        let closedAfter = try #require(result.closedAfter, "still open after 20 s")
        // Past the header timeout, so the body's own limit closed it.
        #expect(closedAfter > .milliseconds(1_800) && closedAfter < .seconds(15))
    }
}

@Test func idleTimeout_whenKeptAliveConnectionIdles_closesIt() async throws {
    let web = WebServing(readHeaderTimeout: .seconds(30), readTimeout: .seconds(30), idleTimeout: .seconds(1))
    try await withLiveServer(web: web) { port in
        let connection = try RawConnection(port: port)
        try connection.send("GET /-/healthy HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
        let result = await connection.readUntilClosed(limit: .seconds(20))
        #expect(result.received.hasPrefix("HTTP/1.1 200 OK"))
        let closedAfter = try #require(result.closedAfter, "still open after 20 s")
        #expect(closedAfter > .milliseconds(800) && closedAfter < .seconds(15))
    }
}

@Test func timeouts_whenResponseStreamsLongerThanAllOfThem_deliverItWhole() async throws {
    let web = WebServing(readHeaderTimeout: .seconds(1), readTimeout: .seconds(1), idleTimeout: .seconds(1))
    try await withLiveServer(web: web) { port in
        let connection = try RawConnection(port: port)
        try connection.send("GET /slow HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
        let result = await connection.readUntilClosed(limit: .seconds(20))
        #expect(result.received.contains("chunk 4\n"))
        #expect(result.received.hasSuffix("0\r\n\r\n"))
    }
}
