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
/// Usage: StreamBench [--symbols 200] [--pairs 1000] [--closes 10] [--clients 100]
struct Options {
    var symbols = 200, pairs = 1_000, closes = 10, clients = 100

    init(_ arguments: [String]) throws {
        var rest = arguments.dropFirst()
        while let flag = rest.popFirst() {
            let value = rest.popFirst() ?? ""
            guard let number = Int(value), number > 0 else { throw BenchError(text: "\(flag): expected a positive whole number, found \"\(value)\"") }
            switch flag {
            case "--symbols": symbols = number
            case "--pairs": pairs = number
            case "--closes": closes = number
            case "--clients": clients = number
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

/// Closes `closes` 1s bars from `first` on; returns each close's bar-close-to-all-published seconds, and how long after
/// the close every stream client had every snapshot of it (none without clients).
func measureCloses(_ run: MonitorRun, first: Int, closes: Int, hub: StreamHub, clients: StreamClients?) async throws -> ([Double], [Double]) {
    let entries = run.monitor.board.entries.filter { $0.series.timeframe == MonitorRun.timeframes[0] }
    var latencies: [Double] = [], fanOut: [Double] = []
    for step in first..<(first + closes) {
        // Each series has one new reading per close, so one snapshot event each.
        let target = hub.lastEventID + UInt64(entries.count)
        let started = Measure.now()
        let (wall, _) = try await run.closeOneSecondBar(step: step, oneSecond: entries)
        latencies.append(wall)
        guard let clients else { continue }
        let deadline = Measure.now() + 60
        while clients.slowest < target, hub.statistics.dropped == 0 {
            guard Measure.now() < deadline else { throw BenchError(text: "the stream clients did not get event \(target) within 60 s") }
            try await Task.sleep(for: .milliseconds(1))
        }
        fanOut.append(Measure.now() - started)
    }
    return (latencies, fanOut)
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
    let hub = StreamHub()
    let stream = BoardStream(board: run.monitor.board, hub: hub)
    let feeding = Task { await stream.run(clock: ContinuousClock()) }
    var quiet = logger
    // Cancelling the server at the end logs errors that say nothing about the measurement.
    quiet.logLevel = .critical
    let (port, server) = try await serve(hub, logger: quiet)
    let series = run.monitor.board.entries.count
    print("stream: \(market.symbols.count) symbols, \(market.pairs.count) pairs × \(MonitorRun.timeframes.count) timeframes = \(series) series, "
        + "\(PairMonitor.defaultWorkers) worker(s); a 1s bar close per measurement, \(options.closes) closes each")

    let (alone, _) = try await measureCloses(run, first: 0, closes: options.closes, hub: hub, clients: nil)
    let clients = StreamClients(count: options.clients)
    let reading = clients.connect(url: "http://127.0.0.1:\(port)\(StreamAPI.path)")
    let deadline = Measure.now() + 60
    while hub.statistics.clients < options.clients {
        guard Measure.now() < deadline else { throw BenchError(text: "\(hub.statistics.clients) of \(options.clients) stream clients connected") }
        try await Task.sleep(for: .milliseconds(5))
    }
    let (streamed, fanOut) = try await measureCloses(run, first: options.closes, closes: options.closes, hub: hub, clients: clients)
    let (a, b, f) = (Measure.summary(alone), Measure.summary(streamed), Measure.summary(fanOut))
    print("1s bar close until every 1s series published, 0 stream clients: median \(Measure.milliseconds(a.median)), max \(Measure.milliseconds(a.max))")
    print("1s bar close until every 1s series published, \(options.clients) stream clients: median \(Measure.milliseconds(b.median)), "
        + "max \(Measure.milliseconds(b.max)); ratio of medians \(String(format: "%.2f", b.median / a.median))")
    print("1s bar close until every client had every snapshot (\(series / MonitorRun.timeframes.count) events per close per client): median \(Measure.milliseconds(f.median)), "
        + "max \(Measure.milliseconds(f.max)); clients dropped: \(hub.statistics.dropped)")
    hub.close()
    reading.cancel()
    await clients.shutdown()
    feeding.cancel()
    server.cancel()
    monitorTask.cancel()
    _ = await (feeding.value, server.result, monitorTask.result)
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
