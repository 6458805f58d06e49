// SPDX-License-Identifier: Apache-2.0
import BenchSupport
import Exporter
import Foundation
import Hummingbird
import Logging
import Pipeline

/// The live stream's cost to the pipeline, in-process: the pair monitor restored on the benchmark market (1,000 pairs
/// × 1s/1m/5m, real engines), the daemon's `/api/v1/stream` served by Hummingbird on 127.0.0.1, and the bar-close
/// latency of MonitorBench (a 1s bar closed for every symbol, until every 1s series published it) with no stream
/// client, then with `--clients` clients connected and reading every event.
///
/// The clients read with AsyncHTTPClient in this process (`http`, whose parsing competes with the server for the
/// cores), or as plain sockets read by one thread (`lean`, closer to clients on other machines).
///
/// Usage: StreamBench [--symbols 200] [--pairs 1000] [--closes 10] [--clients 100] [--readers http|lean]
///     [--publish-interval-ms N]
struct Options {
    enum Readers: String {
        case http, lean
    }

    var symbols = 200, pairs = 1_000, closes = 10, clients = 100
    var readers = Readers.http
    /// The hub's publish interval; its default when nil.
    var publishIntervalMs: Int?

    init(_ arguments: [String]) throws {
        var rest = arguments.dropFirst()
        while let flag = rest.popFirst() {
            let value = rest.popFirst() ?? ""
            if flag == "--readers" {
                guard let readers = Readers(rawValue: value) else { throw BenchError(text: "--readers: expected http or lean, found \"\(value)\"") }
                self.readers = readers
                continue
            }
            // A publish interval of 0 publishes every reading as soon as it is seen.
            guard let number = Int(value), number > 0 || (flag == "--publish-interval-ms" && number == 0) else {
                throw BenchError(text: "\(flag): expected a positive whole number, found \"\(value)\"")
            }
            switch flag {
            case "--symbols": symbols = number
            case "--pairs": pairs = number
            case "--closes": closes = number
            case "--clients": clients = number
            case "--publish-interval-ms": publishIntervalMs = number
            default: throw BenchError(text: "unknown option \(flag)")
            }
        }
        guard pairs <= symbols * (symbols - 1) else { throw BenchError(text: "--pairs: \(pairs) is more than \(symbols) symbols can form") }
    }
}

struct BenchError: Error, CustomStringConvertible {
    let text: String
    var description: String { text }
}

/// What the closes of one phase measured, in seconds: from each close until every 1s series published it, the process
/// CPU meanwhile, and until every stream client had every snapshot of it (none without clients).
struct Closes {
    var latency: [Double] = [], cpu: [Double] = [], fanOut: [Double] = []
}

/// Closes `closes` 1s bars from `first` on, with `clients` reading the stream.
func measureCloses(_ run: MonitorRun, first: Int, closes: Int, hub: StreamHub, clients: (any StreamReaders)?) async throws -> Closes {
    let entries = run.monitor.board.entries.filter { $0.series.timeframe == MonitorRun.timeframes[0] }
    var figures = Closes()
    for step in first..<(first + closes) {
        // Each series has one new reading per close, so one snapshot event each.
        let target = hub.lastEventID + UInt64(entries.count)
        let started = Measure.now()
        let (wall, cpu) = try await run.closeOneSecondBar(step: step, oneSecond: entries)
        figures.latency.append(wall)
        figures.cpu.append(cpu)
        guard let clients else { continue }
        let deadline = Measure.now() + 60
        while clients.slowest < target, hub.statistics.dropped == 0 {
            guard Measure.now() < deadline else { throw BenchError(text: "the stream clients did not get event \(target) within 60 s") }
            try await Task.sleep(for: .milliseconds(1))
        }
        figures.fanOut.append(Measure.now() - started)
    }
    return figures
}

func runBenchmark(_ options: Options) async throws {
    var logger = Logger(label: "stream-bench")
    logger.logLevel = .warning
    let market = BenchMarket(symbols: options.symbols, pairs: options.pairs, bars: 520, endMs: 1_767_225_600_000, seed: 20_260_101)
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("stream-bench-\(getpid())").path
    defer { try? FileManager.default.removeItem(atPath: folder) }
    let run = try MonitorRun(market: market, path: folder + "/bench.db", window: 500, zscoreWindow: 100, workers: PairMonitor.defaultWorkers, logger: logger)
    _ = run.store()
    let (_, _, monitorTask) = try await run.start()
    let hub = StreamHub(settings: options.publishIntervalMs.map { .init(publishInterval: .milliseconds($0)) } ?? .init())
    let stream = BoardStream(board: run.monitor.board, hub: hub)
    let feeding = Task { await stream.run(clock: ContinuousClock()) }
    var quiet = logger
    // Cancelling the server at the end logs errors that say nothing about the measurement.
    quiet.logLevel = .critical
    let (port, server) = try await serve(hub, logger: quiet)
    print("stream: \(market.symbols.count) symbols, \(market.pairs.count) pairs × \(MonitorRun.timeframes.count) timeframes = "
        + "\(run.monitor.board.entries.count) series, \(PairMonitor.defaultWorkers) worker(s); publish interval \(hub.settings.publishInterval); "
        + "a 1s bar close per measurement, \(options.closes) closes each")

    let alone = try await measureCloses(run, first: 0, closes: options.closes, hub: hub, clients: nil)
    let (clients, reading) = try connect(options, port: port)
    let deadline = Measure.now() + 60
    while hub.statistics.clients < options.clients {
        guard Measure.now() < deadline else { throw BenchError(text: "\(hub.statistics.clients) of \(options.clients) stream clients connected") }
        try await Task.sleep(for: .milliseconds(5))
    }
    let streamed = try await measureCloses(run, first: options.closes, closes: options.closes, hub: hub, clients: clients)
    report(alone: alone, streamed: streamed, options: options, dropped: hub.statistics.dropped)
    hub.close()
    reading?.cancel()
    await clients.shutdown()
    feeding.cancel()
    server.cancel()
    monitorTask.cancel()
    _ = await (feeding.value, server.result, monitorTask.result)
}

func report(alone: Closes, streamed: Closes, options: Options, dropped: UInt64) {
    let (a, b, f) = (Measure.summary(alone.latency), Measure.summary(streamed.latency), Measure.summary(streamed.fanOut))
    let (cpuAlone, cpuStreamed) = (Measure.summary(alone.cpu), Measure.summary(streamed.cpu))
    print("1s bar close until every 1s series published, 0 stream clients: median \(Measure.milliseconds(a.median)), max \(Measure.milliseconds(a.max)); "
        + "process CPU meanwhile: median \(Measure.milliseconds(cpuAlone.median))")
    print("1s bar close until every 1s series published, \(options.clients) stream clients (\(options.readers.rawValue)): "
        + "median \(Measure.milliseconds(b.median)), max \(Measure.milliseconds(b.max)); "
        + "ratio of medians \(String(format: "%.2f", b.median / a.median)); process CPU meanwhile: median \(Measure.milliseconds(cpuStreamed.median))")
    print("1s bar close until every client had every snapshot (\(options.pairs) events per close per client): median \(Measure.milliseconds(f.median)), "
        + "max \(Measure.milliseconds(f.max)); clients dropped: \(dropped)")
}

/// Connects the clients; returns them, and the task that reads them if they have one.
func connect(_ options: Options, port: Int) throws -> (any StreamReaders, Task<Void, Never>?) {
    switch options.readers {
    case .http:
        let clients = StreamClients(count: options.clients)
        return (clients, clients.connect(url: "http://127.0.0.1:\(port)\(StreamAPI.path)"))
    case .lean:
        let clients = LeanStreamClients(count: options.clients)
        try clients.connect(port: port, path: StreamAPI.path)
        return (clients, nil)
    }
}

/// The stream route alone on an ephemeral port of 127.0.0.1; returns the port and the server's task.
func serve(_ hub: StreamHub, logger: Logger) async throws -> (Int, Task<Void, any Error>) {
    var routes = ExporterRoutes(registry: MetricsRegistry(logger: logger), readiness: Readiness(), buildInfo: BuildInfo(version: "bench", revision: "", swiftVersion: ""))
    routes.on(StreamAPI.path, method: .get, StreamAPI.handler(hub: hub))
    let (ports, continuation) = AsyncStream<Int>.makeStream()
    let app = try HTTPServer.make(routes: routes, address: ListenAddress(host: "127.0.0.1", port: 0), logger: logger) { continuation.yield($0.port) }
    let task = Task { try await app.runService() }
    for await port in ports { return (port, task) }
    throw BenchError(text: "the stream server did not start")
}

do {
    try await runBenchmark(try Options(CommandLine.arguments))
} catch {
    FileHandle.standardError.write(Data("StreamBench: \(error)\n".utf8))
    exit(1)
}
