// SPDX-License-Identifier: Apache-2.0
import Foundation
import Logging
import Synchronization
import Testing

@testable import PairWatch

private func capture(_ format: PairWatchLogging.Format, level: Logger.Level = .info, _ body: (Logger) -> Void) -> [String] {
    let lines = Mutex<[String]>([])
    let handler = LogLineHandler(label: "pairwatch.test", level: level, format: format) { line in lines.withLock { $0.append(line) } }
    body(Logger(label: "pairwatch.test") { _ in handler })
    return lines.withLock { $0 }
}

/// The timestamp varies; everything after it is compared exactly.
private func withoutTimestamp(_ line: String) -> Substring {
    line.drop { $0 != " " && $0 != "," }
}

@Test func logfmt_whenValuesNeedQuoting_quotesAndEscapesThem() throws {
    let lines = capture(.logfmt) { logger in
        logger.info("listening", metadata: ["address": "127.0.0.1:7247", "note": "a \"b\" = c\nd", "list": .array(["x", "y"])])
    }
    let line = try #require(lines.first)
    #expect(line.hasPrefix("ts=20") && line.contains("Z "))
    #expect(withoutTimestamp(line) == #" level=info logger=pairwatch.test msg=listening address=127.0.0.1:7247 list=[x,y] note="a \"b\" = c\nd""#)
}

@Test func json_whenLogged_writesOneObjectPerLine() throws {
    let lines = capture(.json) { logger in logger.warning("slow \"scrape\"", metadata: ["seconds": "1.5"]) }
    let line = try #require(lines.first)
    #expect(line.hasPrefix("{\"ts\":\"20"))
    #expect(withoutTimestamp(line) == #","level":"warn","logger":"pairwatch.test","msg":"slow \"scrape\"","seconds":"1.5"}"#)
}

@Test func level_whenBelowThreshold_dropsTheMessage() {
    let lines = capture(.logfmt, level: .warning) { logger in
        logger.info("hidden")
        logger.error("shown")
    }
    #expect(lines.count == 1)
    #expect(lines.first?.contains("level=error") == true && lines.first?.contains("msg=shown") == true)
}

@Test func logfmt_whenValuesHoldControlCharacters_quotesAndEscapesThem() throws {
    let lines = capture(.logfmt) { logger in logger.info("a\tb", metadata: ["k": "x\u{7f}", "empty": ""]) }
    #expect(withoutTimestamp(try #require(lines.first)) == #" level=info logger=pairwatch.test msg="a\tb" empty="" k="x\u007f""#)
}

@Test func metadata_whenNestedOrClashing_isFlattenedToDottedKeys() throws {
    let metadata: Logger.Metadata = ["request": ["method": "GET", "path": "/metrics"], "msg": "shadow", "bad key": "v"]
    let logfmt = capture(.logfmt) { logger in logger.info("scrape", metadata: metadata) }
    #expect(
        withoutTimestamp(try #require(logfmt.first))
            == " level=info logger=pairwatch.test msg=scrape bad_key=v metadata.msg=shadow request.method=GET request.path=/metrics")
    let json = capture(.json) { logger in logger.info("scrape", metadata: metadata) }
    let line = try #require(json.first)
    let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: String])
    #expect(object["msg"] == "scrape" && object["metadata.msg"] == "shadow" && object["request.path"] == "/metrics")
}

@Test func timestamp_whenFormatted_isRFC3339UTCWithMilliseconds() {
    #expect(LogLineHandler.timestamp(Date(timeIntervalSince1970: 1_764_000_000.5)) == "2025-11-24T16:00:00.500Z")
}
