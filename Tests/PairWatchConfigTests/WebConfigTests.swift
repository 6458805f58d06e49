// SPDX-License-Identifier: Apache-2.0
import Foundation
import PairWatchConfig
import Testing
import TestSupport

@Test func web_whenEveryKeyIsSet_readsThemAndReadsTheToken() throws {
    let folder = try TemporaryDirectory()
    defer { folder.remove() }
    let tokenFile = folder.file("token")
    try Data("s3cret\n".utf8).write(to: URL(fileURLWithPath: tokenFile))
    let configuration = try PairWatchConfiguration.parse(
        yaml: """
            web:
              max_upload_bytes: 1048576
              api_token_file: \(tokenFile)
              cors_origins: ["https://grafana.example.com", "*"]
              read_header_timeout: 2s
              read_timeout: 30s
              idle_timeout: 15s
            """, fileName: "pairwatch.yml")
    #expect(configuration.web.maxUploadBytes == 1 << 20)
    #expect(configuration.web.apiToken == Array("s3cret".utf8))
    #expect(configuration.web.corsOrigins == ["https://grafana.example.com", "*"])
    #expect(configuration.web.readHeaderTimeout == .seconds(2))
    #expect(configuration.web.readTimeout == .seconds(30))
    #expect(configuration.web.idleTimeout == .seconds(15))
    #expect(configuration.summary.contains("web:         uploads up to 1048576 bytes with the token, CORS for https://grafana.example.com, *"))
}

@Test func web_whenValuesAreWrong_reportsEachAtItsKey() throws {
    let error = #expect(throws: ConfigError.self) {
        try PairWatchConfiguration.parse(
            yaml: """
                web:
                  max_upload_bytes: 0
                  api_token_file: /nonexistent/token
                  cors_origins: ["grafana.example.com", "https://ok.example.com/path"]
                  read_header_timeout: 10m
                  idle_timeout: 0s
                """, fileName: "pairwatch.yml")
    }
    let text = error?.description ?? ""
    for expected in [
        "web.max_upload_bytes: 0 is not a positive number of bytes",
        "web.api_token_file: cannot read /nonexistent/token",
        "web.cors_origins[0]: expected * or an origin such as https://grafana.example.com, found \"grafana.example.com\"",
        "web.cors_origins[1]: expected * or an origin",
        "web.read_header_timeout: 10m is longer than web.read_timeout (5m)",
        "web.idle_timeout: must be longer than 0s",
    ] {
        #expect(text.contains(expected), "missing \(expected) in \(text)")
    }
}

@Test func web_whenTokenFileIsEmptyString_disablesUploads() throws {
    let configuration = try PairWatchConfiguration.parse(yaml: "web: {api_token_file: \"\"}", fileName: "pairwatch.yml")
    #expect(configuration.web.apiToken == nil)
}
