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
    public init(in folder: TemporaryDirectory, name: String = "test") throws {
        self.folder = folder
        self.name = name
        try Self.openssl([
            "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-days", "1",
            "-keyout", folder.file("\(name)-ca.key"), "-out", caFile, "-subj", "/CN=pairwatch \(name) CA",
            "-addext", "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign,cRLSign",
        ])
    }

    /// A certificate and key signed by this CA, for a server on 127.0.0.1 or a client; returns (certificate, key).
    @discardableResult
    public func issue(_ leaf: String, client: Bool = false) throws -> (cert: String, key: String) {
        let (cert, key, request, extensions) = (folder.file("\(leaf).pem"), folder.file("\(leaf).key"), folder.file("\(leaf).csr"), folder.file("\(leaf).ext"))
        try Self.openssl([
            "req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-keyout", key, "-out", request, "-subj", "/CN=\(leaf)",
        ])
        let usage = client ? "clientAuth" : "serverAuth"
        let text = "basicConstraints=CA:FALSE\nsubjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=\(usage)\n"
        try text.write(toFile: extensions, atomically: true, encoding: .utf8)
        try Self.openssl([
            "x509", "-req", "-in", request, "-CA", caFile, "-CAkey", folder.file("\(name)-ca.key"), "-CAcreateserial", "-days", "1",
            "-out", cert, "-extfile", extensions,
        ])
        return (cert, key)
    }

    /// The SHA-256 fingerprint of a PEM certificate, to tell which one a server presented.
    public static func fingerprint(_ certFile: String) throws -> String {
        try openssl(["x509", "-in", certFile, "-noout", "-fingerprint", "-sha256"])
    }

    @discardableResult
    static func openssl(_ arguments: [String]) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["openssl"] + arguments
        let output = Pipe()
        let errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        let problem = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw OpenSSLError(description: "openssl \(arguments.joined(separator: " ")) failed: \(String(decoding: problem, as: UTF8.self))")
        }
        return String(decoding: data, as: UTF8.self)
    }
}

/// An `openssl` command that failed, with what it printed.
public struct OpenSSLError: Error, CustomStringConvertible {
    public let description: String
}
