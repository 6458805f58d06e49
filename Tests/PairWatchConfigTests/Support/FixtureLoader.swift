// SPDX-License-Identifier: Apache-2.0
import Foundation
import PairWatchConfig

/// Loads `Fixtures/config/<name>.yml` and returns its diagnostics with the file named by its last component,
/// so expectations read like what a user sees for `pairwatch.yml`.
func diagnostics(ofFixture name: String) throws -> [String] {
    guard let url = Bundle.module.url(forResource: "Fixtures/config/\(name)", withExtension: "yml") else {
        throw FixtureMissing(name: name)
    }
    let text = try String(contentsOf: url, encoding: .utf8)
    return diagnostics(of: text, file: "\(name).yml")
}

func diagnostics(of yaml: String, file: String = "pairwatch.yml") -> [String] {
    do {
        _ = try PairWatchConfiguration.parse(yaml: yaml, fileName: file)
        return []
    } catch {
        return error.diagnostics.map(\.description)
    }
}

struct FixtureMissing: Error {
    let name: String
}
