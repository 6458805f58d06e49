// SPDX-License-Identifier: Apache-2.0
import ArgumentParser
import PairWatch

/// `--log.level` and `--log.format`, spelled as the Prometheus exporters spell them.
struct LogOptions: ParsableArguments {
    @Option(name: .customLong("log.level"), help: "Only log messages with the given severity or above: debug, info, warn, error.")
    var level: PairWatchLogging.Level = .info

    @Option(
        name: .customLong("log.format"),
        help: "Output format of log messages: logfmt, json or journald (default: journald when stderr is the journal, else logfmt).")
    var format: PairWatchLogging.Format?

    func bootstrap() {
        PairWatchLogging.bootstrap(level: level, format: format)
    }
}

extension PairWatchLogging.Level: ExpressibleByArgument {}
extension PairWatchLogging.Format: ExpressibleByArgument {}
