// SPDX-License-Identifier: Apache-2.0
import Hummingbird
import Logging
import MarketData
import ServiceLifecycle
import Synchronization

/// A local stand-in for Binance USD-M futures: aggregate-trade streams over WebSocket and the REST endpoints
/// the feed uses, on one port, misbehaving on demand through `inject(_:connection:)`.
///
/// It is a `Service`: `run()` serves until cancelled or shut down gracefully. Trades come from the wall-clock
/// generator (`tradesPerSecond`) or from `generate(_:symbol:)`, and the whole history stays in memory, so runs
/// are meant to be bounded (tests, a soak of hours).
///
/// ```swift
/// let exchange = MockExchange(MockExchangeConfiguration(symbols: ["BTCUSDT"]), logger: logger)
/// let server = Task { try await exchange.run() }
/// let port = try await exchange.waitUntilListening()   // ws://127.0.0.1:port/market/stream?streams=…
/// try await exchange.waitForConnections(1)              // the client under test has subscribed
/// exchange.inject(.stall(.seconds(2)))                  // the next trade frame starts a stall
/// exchange.generate(10)                                 // ten trades per symbol, now
/// #expect(exchange.state.faultsApplied["stall"] == 1)
/// server.cancel()
/// ```
public final class MockExchange: Service, Sendable {
    enum Generator: String {
        case running, paused, stopped
    }

    /// `run()` ended before the server listened.
    public struct NotListeningError: Error, CustomStringConvertible {
        public var description: String { "binance mock: server stopped before listening" }
    }

    public let configuration: MockExchangeConfiguration
    let logger: Logger
    let tape: TradeTape
    let faults = FaultBoard()
    let usage: RESTUsage
    let connections = ConnectionRegistry()
    let port = Level()
    private let generator = Mutex(Generator.running)

    public init(_ configuration: MockExchangeConfiguration, logger: Logger) {
        self.configuration = configuration
        self.logger = logger
        tape = TradeTape(configuration)
        usage = RESTUsage(weightPerMinute: configuration.restWeightPerMinute, clockMs: configuration.restClockMs)
    }

    public func run() async throws {
        // The server runs in a service group of its own, stopped only once every stream is closed with a close frame:
        // stopped together with the streams, its shutdown raced the close frame the WebSocket handler sends from a
        // task of its own, and a client saw no close frame now and then.
        let server = ServiceGroup(configuration: ServiceGroupConfiguration(services: [.init(service: makeApplication())], logger: logger))
        do {
            try await withThrowingTaskGroup(of: Bool.self) { group in
                group.addTask {
                    try await server.run()
                    return true
                }
                group.addTask {
                    // Cancelled when the server has ended: not an error of the run.
                    try? await self.generateOnSchedule()
                    return false
                }
                group.addTask {
                    // Without a graceful stop (the run cancelled) this throws, and the server is cancelled with it.
                    guard (try? await gracefulShutdown()) != nil else { return false }
                    await self.connections.closeAllNormally(within: .seconds(3))
                    await server.triggerGracefulShutdown()
                    return false
                }
                // The generator may stop on its own; the server's end ends everything.
                while let serverEnded = try await group.next() {
                    if serverEnded { group.cancelAll() }
                }
            }
        } catch {
            port.fail(error)
            throw error
        }
        port.fail(NotListeningError())
    }

    /// Serves for the duration of `body`, which gets the exchange and its port; the server stops when `body` returns.
    public func serving<T: Sendable>(_ body: @escaping @Sendable (MockExchange, Int) async throws -> T) async throws -> T {
        try await withThrowingTaskGroup(of: T?.self) { group in
            group.addTask {
                try await self.run()
                return nil
            }
            let port = try await waitUntilListening()
            group.addTask { try await body(self, port) }
            while let result = try await group.next() {
                if let result {
                    group.cancelAll()
                    return result
                }
            }
            throw NotListeningError()
        }
    }

    /// The port the server listens on, once it does.
    public func waitUntilListening() async throws -> Int {
        try await port.wait(atLeast: 1)
    }

    /// Waits until `count` stream connections have opened since the start (each subscribed to the streams of
    /// its URL, so a trade generated afterwards reaches it).
    public func waitForConnections(_ count: Int) async throws {
        _ = try await connections.ready.wait(atLeast: count)
    }

    /// Queues `fault` for its next matching event; a stream fault with `connection` waits for that connection.
    public func inject(_ fault: MockFault, connection: Int? = nil) {
        logger.debug("fault queued", metadata: ["fault": "\(fault)"])
        faults.inject(fault, connection: connection)
    }

    public func pause() { setGenerator(.paused) }
    public func resume() { setGenerator(.running) }
    /// Stops the wall-clock generator for good; the server keeps serving the history.
    public func stopGenerating() { setGenerator(.stopped) }

    /// Generates `count` trades now, for `symbol` or for every symbol, whatever the generator's state.
    public func generate(_ count: Int = 1, symbol: String? = nil) {
        tape.generate(count: count, symbol: symbol, timeMs: nowMs())
    }

    /// How many faults of each kind have been applied so far.
    public var faultsApplied: [MockFault.Kind: Int] { faults.applied }

    /// Faults still waiting for their event: the REST ones (`rest: true`) or the stream ones.
    public func faultsPending(rest: Bool) -> Int { faults.pendingCount(rest: rest) }

    public func generatedIDs(symbol: String) -> ClosedRange<Int64>? {
        tape.generatedIDs(symbol: symbol)
    }

    /// Every trade generated for `symbol`, oldest first.
    public func history(symbol: String) -> [MockTrade] {
        tape.trades(symbol: symbol, fromID: .min, limit: .max, retained: nil)
    }

    /// Every trade generated for `symbol` as pairwatch's `Trade`: what a gapless client should end up with.
    public func generatedTrades(symbol: String) -> [Trade] {
        guard let format = tape.format(of: symbol) else { return [] }
        return history(symbol: symbol).map(format.trade)
    }

    public var state: MockState {
        let records = connections.all.map { $0.snapshot(liveStreams: tape.subscriptions(connection: $0.id)) }
        return MockState(
            generator: generator.withLock { $0.rawValue },
            port: port.value == 0 ? nil : port.value,
            symbols: tape.summary(),
            connections: records,
            faultsApplied: Dictionary(uniqueKeysWithValues: faults.applied.map { ($0.key.rawValue, $0.value) }),
            faultsPending: faults.pendingCount,
            rateLimitCloses: records.filter { $0.closeReason == "rate-limit" }.count,
            restCalls: usage.calls,
            restTradesServed: usage.tradesServed,
            usedWeight: usage.usedWeight
        )
    }

    private func setGenerator(_ next: Generator) {
        generator.withLock { state in
            if state != .stopped { state = next }
        }
    }

    /// Generates at `tradesPerSecond` against the clock (so a late tick catches up with trades sharing one `T`),
    /// and restarts the count after a pause instead of catching up on it.
    private func generateOnSchedule() async throws {
        let rate = configuration.tradesPerSecond
        guard rate > 0 else { return }
        let tick = Duration.milliseconds(Int64(max(1, min(20, 1_000 / rate))))
        var since = ContinuousClock.now
        var done = 0
        while true {
            try await Task.sleep(for: tick)
            switch generator.withLock({ $0 }) {
            case .stopped:
                return
            case .paused:
                since = .now
                done = 0
            case .running:
                let elapsed = since.duration(to: .now) / .seconds(1)
                let due = Int(elapsed * rate) - done
                if due > 0 { generate(due) }
                done += max(0, due)
            }
        }
    }
}
