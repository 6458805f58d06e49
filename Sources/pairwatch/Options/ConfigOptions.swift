// SPDX-License-Identifier: Apache-2.0
import ArgumentParser
import Foundation
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
        do {
            var configuration = try PairWatchConfiguration.load(path: path)
            try adjust(&configuration)
            return configuration
        } catch {
            printError("\(error)")
            throw ExitCode(1)
        }
    }
}

func printError(_ text: String) {
    var stderr = StandardError()
    print(text, to: &stderr)
}

struct StandardError: TextOutputStream {
    mutating func write(_ string: String) {
        FileHandle.standardError.write(Data(string.utf8))
    }
}
