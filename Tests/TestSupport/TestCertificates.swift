// SPDX-License-Identifier: Apache-2.0
import Foundation

/// A throwaway certificate authority made with the `openssl` command, and certificates it signs for 127.0.0.1, so
/// TLS tests need no committed keys. Everything lives in the given folder and is valid for a day.
public struct TestCertificates: Sendable {
    public let folder: TemporaryDirectory
    public let name: String

    /// The CA's certificate, to trust in clients (or to name as `client_ca_file`).
    public var caFile: String { folder.file("\(name)-ca.pem") }

    /// Makes a new CA named `name` in `folder`.
    public static func make(in folder: TemporaryDirectory, name: String = "test") async throws -> TestCertificates {
        let authority = TestCertificates(folder: folder, name: name)
        try await authority.makeAuthority()
        return authority
    }

    private init(folder: TemporaryDirectory, name: String) {
        self.folder = folder
        self.name = name
    }

    private func makeAuthority() async throws {
        try await Self.openssl([
            "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-days", "1",
            "-keyout", folder.file("\(name)-ca.key"), "-out", caFile, "-subj", "/CN=pairwatch \(name) CA",
            "-addext", "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign,cRLSign",
        ])
    }

    /// A certificate and key signed by this CA, for a server on 127.0.0.1 or a client; returns (certificate, key).
    @discardableResult
    public func issue(_ leaf: String, client: Bool = false) async throws -> (cert: String, key: String) {
        let (cert, key, request, extensions) = (folder.file("\(leaf).pem"), folder.file("\(leaf).key"), folder.file("\(leaf).csr"), folder.file("\(leaf).ext"))
        try await Self.openssl([
            "req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-keyout", key, "-out", request, "-subj", "/CN=\(leaf)",
        ])
        let usage = client ? "clientAuth" : "serverAuth"
        let text = "basicConstraints=CA:FALSE\nsubjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=\(usage)\n"
        try text.write(toFile: extensions, atomically: true, encoding: .utf8)
        try await Self.openssl([
            "x509", "-req", "-in", request, "-CA", caFile, "-CAkey", folder.file("\(name)-ca.key"), "-CAcreateserial", "-days", "1",
            "-out", cert, "-extfile", extensions,
        ])
        return (cert, key)
    }

    /// Runs `openssl` to completion, off the tests' task pool (`runToCompletion`).
    @discardableResult
    static func openssl(_ arguments: [String]) async throws -> String {
        let result = try await runToCompletion("/usr/bin/env", ["openssl"] + arguments)
        guard result.status == 0 else { throw OpenSSLError(description: "openssl \(arguments.joined(separator: " ")) failed: \(result.output)") }
        return result.output
    }
}

/// An `openssl` command that failed, with what it printed.
public struct OpenSSLError: Error, CustomStringConvertible {
    public let description: String
}
