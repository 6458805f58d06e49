// SPDX-License-Identifier: Apache-2.0
import ArgumentParser
import PairWatch
import PairWatchConfig

/// `--config.file`: the YAML configuration; without it pairwatch runs on its built-in defaults.
struct ConfigOptions: ParsableArguments {
    @Option(
        name: .customLong("config.file"),
        help: ArgumentHelp("Path to the YAML configuration file (installed: /etc/pairwatch/pairwatch.yml).", valueName: "path"))
    var path: String?

    /// The configuration, or every diagnostic on stderr and exit code 1.
    func load(_ adjust: (inout PairWatchConfiguration) throws -> Void = { _ in }) throws -> PairWatchConfiguration {
        try CommandFailure.reporting {
            var configuration = try PairWatchConfiguration.load(path: path)
            try adjust(&configuration)
            return configuration
        }
    }
}
