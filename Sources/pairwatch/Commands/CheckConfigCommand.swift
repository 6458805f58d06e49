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

    @Option(
        name: .customLong("web.config.file"),
        help: ArgumentHelp("Also check a web config file (TLS and basic auth), as serve reads it.", valueName: "path"))
    var webConfigFile: String?

    func run() throws {
        let configuration = try config.load()
        let web = try webConfigFile.map { path in try CommandFailure.reporting { try WebSecurityConfig.load(path: path) } }
        print(Self.source(config.path) + configuration.summary, terminator: "")
        if let web, let path = webConfigFile { print(Self.webSummary(web, path: path)) }
    }

    /// What the web config file sets up: TLS with its settings, and how many users may log in.
    static func webSummary(_ web: WebSecurityConfig, path: String) -> String {
        let tls = web.tls.map { "TLS (\($0.minVersion.rawValue) or newer, client certificates: \($0.clientAuth.rawValue))" } ?? "plain HTTP"
        let users = web.basicAuthUsers.isEmpty ? "no basic auth" : "basic auth for \(web.basicAuthUsers.count) user(s)"
        return "web config:  \(path): \(tls), \(users)"
    }

    /// The first line of the summary: which configuration was checked.
    static func source(_ path: String?) -> String {
        "config:      " + (path ?? "none given (--config.file), so the built-in defaults") + "\n"
    }
}
