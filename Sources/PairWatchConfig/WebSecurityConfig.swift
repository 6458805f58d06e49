// SPDX-License-Identifier: Apache-2.0
import Foundation
import MarketData
import Yams

/// The `--web.config.file` of the Prometheus exporter-toolkit: TLS for the HTTP server and basic-auth users with
/// bcrypt hashes. The same file can serve pairwatch and the Prometheus exporters beside it; relative paths in it are
/// read from the file's own folder, as the toolkit does.
public struct WebSecurityConfig: Sendable, Equatable {
    /// TLS settings; nil serves plain HTTP.
    public var tls: TLSServerConfig?
    /// User name to bcrypt hash; empty asks no password.
    public var basicAuthUsers: [String: String] = [:]

    public init(tls: TLSServerConfig? = nil, basicAuthUsers: [String: String] = [:]) {
        self.tls = tls
        self.basicAuthUsers = basicAuthUsers
    }
}

/// `tls_server_config:` with the toolkit's key names and defaults.
public struct TLSServerConfig: Sendable, Equatable {
    /// The protocol versions the toolkit names (`TLS10` … `TLS13`).
    public enum Version: String, Sendable, CaseIterable, Comparable {
        case tls10 = "TLS10", tls11 = "TLS11", tls12 = "TLS12", tls13 = "TLS13"

        /// The minor version: 0 for TLS 1.0 … 3 for TLS 1.3.
        public var minor: Int {
            switch self {
            case .tls10: 0
            case .tls11: 1
            case .tls12: 2
            case .tls13: 3
            }
        }

        public static func < (lhs: Self, rhs: Self) -> Bool { lhs.minor < rhs.minor }
    }

    /// Go's `tls.ClientAuthType` names, which the toolkit uses.
    public enum ClientAuth: String, Sendable, CaseIterable {
        case noClientCert = "NoClientCert", requestClientCert = "RequestClientCert", requireAnyClientCert = "RequireAnyClientCert"
        case verifyClientCertIfGiven = "VerifyClientCertIfGiven", requireAndVerifyClientCert = "RequireAndVerifyClientCert"

        /// Whether presented client certificates are checked against `client_ca_file`.
        public var verifies: Bool { self == .verifyClientCertIfGiven || self == .requireAndVerifyClientCert }
    }

    /// Absolute paths (resolved against the web config file's folder).
    public var certFile: String
    public var keyFile: String
    public var clientCAFile: String?
    public var clientAuth: ClientAuth = .noClientCert
    public var minVersion: Version = .tls12
    public var maxVersion: Version = .tls13

    public init(certFile: String, keyFile: String) {
        self.certFile = certFile
        self.keyFile = keyFile
    }
}

extension WebSecurityConfig {
    static let keys = ["tls_server_config", "basic_auth_users"]
    static let tlsKeys = ["cert_file", "key_file", "client_ca_file", "client_auth_type", "min_version", "max_version"]

    /// The file at `path`, parsed and checked; every problem names the file, line and key.
    public static func load(path: String) throws(ConfigError) -> WebSecurityConfig {
        let text: String
        do throws(FileAccessError) {
            text = try FileAccess.readText(path)
        } catch {
            throw ConfigError(diagnostics: [ConfigDiagnostic(file: path, line: nil, column: nil, path: "", message: error.reason)])
        }
        let folder = URL(fileURLWithPath: path).deletingLastPathComponent().path
        return try parse(yaml: text, fileName: path, folder: folder)
    }

    /// Parses YAML text; `fileName` names the file in diagnostics and `folder` resolves relative paths.
    public static func parse(yaml: String, fileName: String, folder: String) throws(ConfigError) -> WebSecurityConfig {
        var reader = NodeReader(file: fileName)
        let root: Node?
        do {
            root = try Yams.compose(yaml: yaml)
        } catch let error as YamlError {
            throw ConfigError(diagnostics: [PairWatchConfiguration.syntaxDiagnostic(error, file: fileName)])
        } catch {
            throw ConfigError(diagnostics: [ConfigDiagnostic(file: fileName, line: nil, column: nil, path: "", message: "\(error)")])
        }
        var config = WebSecurityConfig()
        if let root, !reader.isNull(root), let fields = reader.fields(root, path: "", known: keys) {
            if let node = fields["tls_server_config"], !reader.isNull(node) { config.tls = TLSServerConfig(reading: node, folder: folder, &reader) }
            if let node = fields["basic_auth_users"], !reader.isNull(node) { config.basicAuthUsers = users(node, &reader) }
        }
        guard reader.diagnostics.isEmpty else {
            // In file order, as the main configuration's problems are listed.
            let ordered = reader.diagnostics.enumerated().sorted { lhs, rhs in
                (lhs.element.line ?? .max, lhs.element.column ?? .max, lhs.offset) < (rhs.element.line ?? .max, rhs.element.column ?? .max, rhs.offset)
            }
            throw ConfigError(diagnostics: ordered.map(\.element))
        }
        return config
    }

    private static func users(_ node: Node, _ reader: inout NodeReader) -> [String: String] {
        let users = reader.stringMap(node, path: "basic_auth_users") ?? [:]
        for (user, hash) in users.sorted(by: { $0.key < $1.key }) where !isBcryptHash(hash) {
            reader.report("basic_auth_users.\(user)", "expected a bcrypt hash such as $2y$10$… (htpasswd -nbBC 10 \"\" PASSWORD)")
        }
        return users
    }

    /// `$2a$`, `$2b$` or `$2y$`, a two-digit cost and 53 characters of salt and hash.
    static func isBcryptHash(_ text: String) -> Bool {
        let bytes = Array(text.utf8)
        guard bytes.count == 60, text.hasPrefix("$2a$") || text.hasPrefix("$2b$") || text.hasPrefix("$2y$"), bytes[6] == UInt8(ascii: "$")
        else { return false }
        return bytes[4...5].allSatisfy { (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) }
    }
}

extension TLSServerConfig {
    init?(reading node: Node, folder: String, _ reader: inout NodeReader) {
        let path = "tls_server_config"
        guard let fields = reader.fields(node, path: path, known: WebSecurityConfig.tlsKeys) else { return nil }
        func file(_ key: String, _ reader: inout NodeReader) -> String? {
            guard let value = fields[key].flatMap({ reader.string($0, path: "\(path).\(key)") }), !value.isEmpty else { return nil }
            return value.hasPrefix("/") ? value : URL(fileURLWithPath: folder).appendingPathComponent(value).path
        }
        let cert = file("cert_file", &reader)
        let key = file("key_file", &reader)
        if cert == nil { reader.report(fields["cert_file"] == nil ? path : "\(path).cert_file", "missing cert_file") }
        if key == nil { reader.report(fields["key_file"] == nil ? path : "\(path).key_file", "missing key_file") }
        self.init(certFile: cert ?? "", keyFile: key ?? "")
        clientCAFile = file("client_ca_file", &reader)
        if let value = fields["client_auth_type"].flatMap({ reader.oneOf($0, path: "\(path).client_auth_type", as: ClientAuth.self) }) {
            clientAuth = value
        }
        if let value = fields["min_version"].flatMap({ reader.oneOf($0, path: "\(path).min_version", as: Version.self) }) { minVersion = value }
        if let value = fields["max_version"].flatMap({ reader.oneOf($0, path: "\(path).max_version", as: Version.self) }) { maxVersion = value }
        validate(fields: fields, &reader)
        if cert == nil || key == nil { return nil }
    }

    private func validate(fields: [String: Node], _ reader: inout NodeReader) {
        let path = "tls_server_config"
        if clientCAFile != nil, clientAuth == .noClientCert {
            reader.report("\(path).client_ca_file", "client_ca_file is set but client_auth_type is NoClientCert")
        }
        if clientCAFile == nil, clientAuth.verifies {
            reader.report("\(path).client_auth_type", "\(clientAuth.rawValue) needs client_ca_file")
        }
        if minVersion > maxVersion {
            reader.report("\(path).min_version", "\(minVersion.rawValue) is above max_version (\(maxVersion.rawValue))")
        }
    }
}
