// SPDX-License-Identifier: Apache-2.0
import Foundation
import HummingbirdTesting
import NIOCore
import TestSupport

/// One HTTP GET against a server on 127.0.0.1.
func httpGet(port: Int, path: String) async throws -> (status: Int, body: String) {
    try await TestClient.withClient(host: "127.0.0.1", port: port) { client in
        let response = try await client.get(path)
        return (Int(response.status.code), response.body.map { String(buffer: $0) } ?? "")
    }
}

/// The samples of a text exposition keyed by `name{labels}` exactly as written, comments skipped.
func parseExposition(_ text: String) -> [String: Double] {
    var samples: [String: Double] = [:]
    for line in text.split(separator: "\n") where !line.hasPrefix("#") {
        guard let space = line.lastIndex(of: " "), let value = Double(line[line.index(after: space)...]) else { continue }
        samples[String(line[..<space])] = value
    }
    return samples
}

/// Writes a configuration file into the test's temporary folder and returns its path.
func temporaryConfig(_ yaml: String, in folder: TemporaryDirectory, name: String = "pairwatch.yml") throws -> String {
    let path = folder.file(name)
    try yaml.write(toFile: path, atomically: true, encoding: .utf8)
    return path
}
