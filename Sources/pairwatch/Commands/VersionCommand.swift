// SPDX-License-Identifier: Apache-2.0
import ArgumentParser
import PairWatch

/// `pairwatch version`: version, git revision and Swift version, as `prometheus --version` prints them.
struct VersionCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "version",
        abstract: "Print the version, git revision and Swift version of this build.",
        discussion: "Example:\n  pairwatch version"
    )

    func run() {
        print("pairwatch, version \(PairWatchBuild.version) (revision: \(PairWatchBuild.revision))")
        print("  swift version: \(PairWatchBuild.swiftVersion)")
    }
}
