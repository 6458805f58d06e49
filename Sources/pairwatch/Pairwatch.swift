// SPDX-License-Identifier: Apache-2.0
import ArgumentParser
import PairWatch

/// The `pairwatch` command: the daemon (`serve`, the default) and its tools.
@main
struct Pairwatch: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pairwatch",
        abstract: "Watch pairs of crypto futures for statistical-arbitrage signals and export them to Prometheus.",
        discussion: """
            Without a subcommand pairwatch runs the daemon (serve). Examples:
              pairwatch --config.file /etc/pairwatch/pairwatch.yml
              pairwatch check-config --config.file pairwatch.yml
            """,
        version: "pairwatch \(PairWatchBuild.version) (revision \(PairWatchBuild.revision))",
        subcommands: [
            ServeCommand.self, ImportCommand.self, BackfillCommand.self, CheckConfigCommand.self, VersionCommand.self, AnalyzeCommand.self,
            AlertsCommand.self,
        ],
        defaultSubcommand: ServeCommand.self
    )
}
