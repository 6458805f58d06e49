// SPDX-License-Identifier: Apache-2.0
import ArgumentParser
import PairWatch

/// `--log.level` and `--log.format`, spelled as the Prometheus exporters spell them.
struct LogOptions: ParsableArguments {
    @Option(name: .customLong("log.level"), help: "Only log messages with the given severity or above: debug, info, warn, error.")
    var level: LogLevelArgument = .info

    @Option(name: .customLong("log.format"), help: "Output format of log messages: logfmt or json.")
    var format: LogFormatArgument = .logfmt

    func bootstrap() {
        PairWatchLogging.bootstrap(level: level.level, format: format.format)
    }
}

enum LogLevelArgument: String, ExpressibleByArgument, CaseIterable {
    case debug, info, warn, error

    var level: PairWatchLogging.Level {
        switch self {
        case .debug: return .debug
        case .info: return .info
        case .warn: return .warn
        case .error: return .error
        }
    }
}

enum LogFormatArgument: String, ExpressibleByArgument, CaseIterable {
    case logfmt, json

    var format: PairWatchLogging.Format {
        switch self {
        case .logfmt: return .logfmt
        case .json: return .json
        }
    }
}
