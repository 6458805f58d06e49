// SPDX-License-Identifier: Apache-2.0
import ArgumentParser
import Exporter
import PairWatch

/// `pairwatch alerts`: tools for the alerting receivers.
struct AlertsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "alerts",
        abstract: "Work with the alerting receivers.",
        subcommands: [AlertsTestCommand.self]
    )
}

/// `pairwatch alerts test`: checks that every receiver accepts pairwatch's notifications.
struct AlertsTestCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "test",
        abstract: "Send a test notification to each configured receiver and report what each answered.",
        discussion: """
            The notification is labelled alertname="PairwatchTestNotification", severity="info", test="true". It is \
            sent once, not retried, and not stored. Exits 1 when a receiver did not accept it. Example:
              pairwatch alerts test --config.file /etc/pairwatch/pairwatch.yml --receiver ops
            """
    )

    @OptionGroup var config: ConfigOptions

    @Option(help: ArgumentHelp("Only this receiver (its name in alerting.receivers, or journald).", valueName: "name"))
    var receiver: String?

    @Option(name: .customLong("web.listen-address"), help: "The daemon's address, for the links in the notification.")
    var listenAddress = "127.0.0.1:7247"

    @OptionGroup var log: LogOptions

    func run() async throws {
        log.bootstrap()
        let configuration = try config.load()
        let address = try CommandFailure.reporting { try ListenAddress(parsing: listenAddress) }
        let results = try await CommandFailure.reporting {
            try await ReceiverTest.run(configuration, receiver: receiver, listenAddress: address, nowMs: wallClockMilliseconds)
        }
        for result in results {
            switch result.outcome {
            case .delivered: print("\(result.receiver): delivered")
            case .retry(let reason, _): print("\(result.receiver): failed, would be retried: \(reason)")
            case .rejected(let reason): print("\(result.receiver): rejected: \(reason)")
            }
        }
        if results.contains(where: { $0.outcome != .delivered }) { throw ExitCode(1) }
    }
}
