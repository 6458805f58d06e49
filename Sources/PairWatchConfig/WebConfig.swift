// SPDX-License-Identifier: Apache-2.0
import Foundation
import MarketData
import Yams

/// `web:`: the limits and access rules of the HTTP API and the status page. TLS and basic auth are not here but in
/// `--web.config.file`, the Prometheus exporter-toolkit's own file, so the same file serves every exporter.
public struct WebConfig: Sendable, Equatable {
    /// The largest trade file `POST /api/v1/trades` accepts; a larger body is refused with 413 and nothing stored.
    public var maxUploadBytes: Int64 = 64 << 20
    /// The file holding the bearer token write endpoints require; empty disables them (403).
    public var apiTokenFile = ""
    /// The token read from `apiTokenFile` at load and at each reload, without trailing line breaks.
    public var apiToken: [UInt8]?
    /// Origins a browser may call the API from (`Access-Control-Allow-Origin`); empty sends no CORS headers, `*` allows any.
    public var corsOrigins: [String] = []
    /// How long a client may take to send a request's headers.
    public var readHeaderTimeout = ConfigDuration.seconds(10)
    /// How long a client may take to send a whole request, body included (an upload).
    public var readTimeout = ConfigDuration.minutes(5)
    /// How long a kept-alive connection may stay without a request.
    public var idleTimeout = ConfigDuration.seconds(60)

    public init() {}
}

extension WebConfig {
    static let keys = ["max_upload_bytes", "api_token_file", "cors_origins", "read_header_timeout", "read_timeout", "idle_timeout"]

    mutating func read(_ node: Node, _ reader: inout NodeReader) {
        guard let fields = reader.fields(node, path: "web", known: Self.keys) else { return }
        if let value = fields["max_upload_bytes"].flatMap({ reader.int($0, path: "web.max_upload_bytes") }) { maxUploadBytes = Int64(value) }
        if let value = fields["api_token_file"].flatMap({ reader.string($0, path: "web.api_token_file") }) {
            apiTokenFile = value
            apiToken = value.isEmpty ? nil : reader.secret(at: value, path: "web.api_token_file")
        }
        if let node = fields["cors_origins"], let list = reader.sequence(node, path: "web.cors_origins") {
            corsOrigins = list.enumerated().compactMap { index, element in reader.string(element, path: "web.cors_origins[\(index)]") }
        }
        for (key, keyPath) in [("read_header_timeout", \WebConfig.readHeaderTimeout), ("read_timeout", \.readTimeout), ("idle_timeout", \.idleTimeout)] {
            if let value = fields[key].flatMap({ reader.duration($0, path: "web.\(key)") }) { self[keyPath: keyPath] = value }
        }
    }

    func validate(_ reader: inout NodeReader) {
        if maxUploadBytes < 1 { reader.report("web.max_upload_bytes", "\(maxUploadBytes) is not a positive number of bytes") }
        for (index, origin) in corsOrigins.enumerated() where !Self.isOrigin(origin) {
            reader.report("web.cors_origins[\(index)]", "expected * or an origin such as https://grafana.example.com, found \"\(origin)\"")
        }
        for (key, duration) in [("read_header_timeout", readHeaderTimeout), ("read_timeout", readTimeout), ("idle_timeout", idleTimeout)]
        where duration.milliseconds <= 0 {
            reader.report("web.\(key)", "must be longer than 0s")
        }
        if readHeaderTimeout > readTimeout {
            reader.report("web.read_header_timeout", "\(readHeaderTimeout) is longer than web.read_timeout (\(readTimeout))")
        }
    }

    /// An origin as browsers send it (RFC 6454): scheme, host and an optional port, no path.
    static func isOrigin(_ text: String) -> Bool {
        if text == "*" { return true }
        guard let components = URLComponents(string: text), let scheme = components.scheme, ["http", "https"].contains(scheme),
            let host = components.host, !host.isEmpty
        else { return false }
        return components.path.isEmpty && components.query == nil && components.fragment == nil && components.user == nil
    }
}
