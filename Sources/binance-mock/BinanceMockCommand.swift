// SPDX-License-Identifier: Apache-2.0
import ArgumentParser
import BinanceMock
import Foundation
import Logging
import ServiceLifecycle
import UnixSignals

/// `binance-mock`: a local Binance USD-M futures stand-in for soaks and demos, printing
/// `listening on 127.0.0.1:PORT` as its first line and stopping on SIGINT or SIGTERM.
@main
struct BinanceMockCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "binance-mock",
        abstract: "Serve Binance USD-M futures aggTrade streams and REST history from generated trades, with faults on demand."
    )

    @Option(help: "Address to listen on (port 0 picks a free one).")
    var listen = "127.0.0.1:0"

    @Option(help: "Comma-separated symbols.")
    var symbols = "BTCUSDT,ETHUSDT"

    @Option(help: "Trades per second per symbol.")
    var rate = 50.0

    @Option(help: "Seed of the trades and of the random faults (random when absent; printed).")
    var seed: UInt64?

    @Option(name: .customLong("rest-history"), help: "Newest trades per symbol REST still serves (all when absent).")
    var restHistory: Int?

    @Option(name: .customLong("ping-interval"), help: "Server ping interval (180s, 500ms, 3m).")
    var pingInterval = "180s"

    @Option(name: .customLong("random-faults"), help: "Random faults per minute, of every kind (0: none).")
    var randomFaults = 0.0

    @Option(name: .customLong("log-level"), help: "trace, debug, info, notice, warning, error or critical.")
    var logLevel = "info"

    mutating func run() async throws {
        let configuration = try exchangeConfiguration()
        var logger = Logger(label: "binance-mock")
        logger.logLevel = Logger.Level(rawValue: logLevel) ?? .info
        let exchange = MockExchange(configuration, logger: logger)
        var services: [any Service] = [exchange]
        if randomFaults > 0 {
            services.append(RandomFaults(exchange: exchange, perMinute: randomFaults, seed: configuration.seed))
        }
        let group = ServiceGroup(services: services, gracefulShutdownSignals: [.sigterm, .sigint], logger: logger)
        let faults = randomFaults
        try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask { try await group.run() }
            tasks.addTask {
                let port = try await exchange.waitUntilListening()
                var lines = "listening on \(configuration.host):\(port)\nseed \(configuration.seed)\n"
                if faults > 0 { lines += "random faults: \(faults) per minute, seed \(configuration.seed)\n" }
                // Unbuffered, so a test or script reading the pipe sees the port at once.
                FileHandle.standardOutput.write(Data(lines.utf8))
            }
            try await tasks.waitForAll()
        }
    }

    private func exchangeConfiguration() throws -> MockExchangeConfiguration {
        guard let colon = listen.lastIndex(of: ":"), let port = Int(listen[listen.index(after: colon)...]), (0...65_535).contains(port) else {
            throw ValidationError("--listen: expected host:port, found \"\(listen)\"")
        }
        guard let interval = Self.duration(pingInterval) else {
            throw ValidationError("--ping-interval: expected a duration such as 180s, 500ms or 3m, found \"\(pingInterval)\"")
        }
        let names = symbols.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces).uppercased() }.filter { !$0.isEmpty }
        guard !names.isEmpty else { throw ValidationError("--symbols: expected at least one symbol") }
        return MockExchangeConfiguration(
            host: String(listen[..<colon]), port: port, symbols: names, tradesPerSecond: rate,
            seed: seed ?? UInt64.random(in: .min ... .max), restHistory: restHistory, pingInterval: interval
        )
    }

    /// `500ms`, `180s`, `3m`; a bare number is seconds.
    static func duration(_ text: String) -> Duration? {
        let units: [(String, Double)] = [("ms", 0.001), ("s", 1), ("m", 60), ("h", 3_600)]
        for (suffix, scale) in units where text.hasSuffix(suffix) {
            guard let value = Double(text.dropLast(suffix.count)), value > 0 else { return nil }
            return .milliseconds(Int64((value * scale * 1_000).rounded()))
        }
        return Double(text).flatMap { $0 > 0 ? .milliseconds(Int64(($0 * 1_000).rounded())) : nil }
    }
}
