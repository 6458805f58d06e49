// SPDX-License-Identifier: Apache-2.0
import Foundation
import MarketData
import ServiceLifecycle

/// Injects faults of random kinds at random times, `perMinute` on average (a Poisson process), for soaks:
/// the seed names the sequence, so a soak that broke something can be replayed.
///
/// A fault drawn while another of its side (stream or REST) still waits for its event is skipped, so faults do
/// not pile up while the client under test makes no REST calls or has no connection open.
public struct RandomFaults: Service {
    public let exchange: MockExchange
    public let perMinute: Double
    public let seed: UInt64

    public init(exchange: MockExchange, perMinute: Double, seed: UInt64) {
        self.exchange = exchange
        self.perMinute = perMinute
        self.seed = seed
    }

    /// Injects until cancelled or shut down gracefully; either way it returns without an error.
    public func run() async throws {
        guard perMinute > 0 else { return }
        do {
            try await cancelWhenGracefulShutdown(injectForever)
        } catch is CancellationError {
            return
        }
    }

    @Sendable private func injectForever() async throws {
        var random = SplitMix64(seed: seed)
        while true {
            let wait = -log(1 - random.nextUnit()) * 60 / perMinute
            try await Task.sleep(for: .milliseconds(Int64(wait * 1_000)))
            let fault = MockFault.random(using: &random)
            guard exchange.faults.pendingCount(rest: fault.isREST) == 0 else { continue }
            exchange.logger.info("random fault", metadata: ["fault": "\(fault)"])
            exchange.inject(fault)
        }
    }
}
