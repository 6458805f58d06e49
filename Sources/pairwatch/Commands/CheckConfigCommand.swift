// SPDX-License-Identifier: Apache-2.0
import ArgumentParser
import PairWatchConfig

/// `pairwatch check-config`: validate a configuration file without starting anything.
struct CheckConfigCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check-config",
        abstract: "Check a configuration file and print a summary of what it configures.",
        discussion: """
            Prints every error with its file, line and column and exits 1 when the file is invalid. Without \
            --config.file it checks the built-in defaults, and says so. Example:
              pairwatch check-config --config.file /etc/pairwatch/pairwatch.yml
            """
    )

    @OptionGroup var config: ConfigOptions

    func run() throws {
        let configuration = try config.load()
        print(Self.source(config.path) + configuration.summary, terminator: "")
    }

    /// The first line of the summary: which configuration was checked.
    static func source(_ path: String?) -> String {
        "config:      " + (path ?? "none given (--config.file), so the built-in defaults") + "\n"
    }
}
