// SPDX-License-Identifier: Apache-2.0
import Foundation
import MarketData
import ServiceLifecycle

/// Injects faults of random kinds at random times, `perMinute` on average (a Poisson process), for soaks:
/// the seed names the sequence, so a soak that broke something can be replayed.
public struct RandomFaults: Service {
    public let exchange: MockExchange
    public let perMinute: Double
    public let seed: UInt64

    public init(exchange: MockExchange, perMinute: Double, seed: UInt64) {
        self.exchange = exchange
        self.perMinute = perMinute
        self.seed = seed
    }

    public func run() async throws {
        guard perMinute > 0 else { return }
        try await cancelWhenGracefulShutdown {
            var random = SplitMix64(seed: seed)
            while true {
                let wait = -log(1 - random.nextUnit()) * 60 / perMinute
                try await Task.sleep(for: .milliseconds(Int64(wait * 1_000)))
                let fault = MockFault.random(using: &random)
                exchange.logger.info("random fault", metadata: ["fault": "\(fault)"])
                exchange.inject(fault)
            }
        }
    }
}
