// SPDX-License-Identifier: Apache-2.0

/// A `host:port` listen address as the Prometheus exporters take it (`127.0.0.1:7247`, `[::1]:7247`,
/// `:7247` for every interface). Port 0 asks the kernel for a free port.
public struct ListenAddress: Sendable, Equatable, CustomStringConvertible {
    public struct ParseError: Error, CustomStringConvertible, Equatable {
        public let description: String
    }

    public var host: String
    public var port: Int

    public init(host: String, port: Int) {
        self.host = host
        self.port = port
    }

    public init(parsing text: String) throws {
        guard let colon = text.lastIndex(of: ":") else {
            throw ParseError(description: "web.listen-address: expected host:port, found \"\(text)\"")
        }
        var host = String(text[..<colon])
        let portText = text[text.index(after: colon)...]
        guard let port = Int(portText), (0...65_535).contains(port) else {
            throw ParseError(description: "web.listen-address: expected a port from 0 to 65535, found \"\(portText)\"")
        }
        if host.hasPrefix("[") && host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
        if host.isEmpty { host = "0.0.0.0" }
        self.init(host: host, port: port)
    }

    public var description: String {
        host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)"
    }
}
