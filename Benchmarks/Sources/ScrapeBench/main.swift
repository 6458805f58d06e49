// SPDX-License-Identifier: Apache-2.0
import CAllocCounter
import Exporter
import Foundation
import Hummingbird
import NIOCore

/// `/metrics` at 36,000 pair samples, for `scripts/bench_scrape.sh`.
///
/// `ScrapeBench render [--renders N]`: renders the registry N times per format in this process into an output
/// that drops the bytes, and prints milliseconds (median, p99) and bytes allocated per render, counted by the
/// malloc interposer in CAllocCounter.
/// `ScrapeBench serve [--port P] [--bar-close-ms MS]`: serves the registry on 127.0.0.1 for wrk, with a new
/// bar closing every MS ms, and `/-/alloc` answering "<bytes> <calls>" allocated so far.
struct Options {
    var command = "render"
    var renders = 50
    var port = 0
    var barCloseMs = 1_000
    var pairs = 1_000
    var seed: UInt64 = 20_240_601

    init(_ arguments: [String]) throws {
        var rest = arguments[...]
        if let first = rest.first, !first.hasPrefix("--") { command = first; rest = rest.dropFirst() }
        while let flag = rest.popFirst() {
            guard let text = rest.popFirst(), let value = Int(text) else { throw BenchError("\(flag): expected an integer") }
            switch flag {
            case "--renders": renders = value
            case "--port": port = value
            case "--bar-close-ms": barCloseMs = value
            case "--pairs": pairs = value
            case "--seed": seed = UInt64(value)
            default: throw BenchError("unknown flag \(flag)")
            }
        }
    }
}

struct BenchError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

/// Drops every chunk, as a socket that keeps up would; counts the bytes.
final class DiscardOutput: MetricsOutput {
    var bytes = 0
    func write(_ chunk: ByteBuffer) async throws { bytes += chunk.readableBytes }
}

func measureRenders(_ registry: MetricsRegistry, _ renders: Int) async throws {
    print("format,gzip,body_bytes,median_ms,p99_ms,alloc_bytes_per_render,alloc_calls_per_render")
    for (format, gzip) in [(ExpositionFormat.prometheusText, false), (.openMetrics, false), (.prometheusText, true)] {
        var times: [Double] = []
        var bodyBytes = 0
        let bytesBefore = alloc_counter_bytes()
        let callsBefore = alloc_counter_calls()
        for _ in 0..<renders {
            let sink = DiscardOutput()
            let start = ContinuousClock.now
            if gzip {
                let compressor = try GzipOutput(next: sink)
                try await registry.write(format, to: compressor)
                try await compressor.finish()
            } else {
                try await registry.write(format, to: sink)
            }
            let elapsed = ContinuousClock.now - start
            times.append(Double(elapsed.components.attoseconds) / 1e15 + Double(elapsed.components.seconds) * 1e3)
            bodyBytes = sink.bytes
        }
        let bytes = Double(alloc_counter_bytes() - bytesBefore) / Double(renders)
        let calls = Double(alloc_counter_calls() - callsBefore) / Double(renders)
        times.sort()
        let p99 = times[min(times.count - 1, Int((Double(times.count) * 0.99).rounded(.up)) - 1)]
        let name = format == .openMetrics ? "openmetrics" : "text-0.0.4"
        print(String(format: "%@,%@,%d,%.2f,%.2f,%.0f,%.0f", name, gzip ? "yes" : "no", bodyBytes, times[times.count / 2], p99, bytes, calls))
    }
}

func serve(_ registry: MetricsRegistry, _ pairs: SyntheticPairMetrics, _ options: Options) async throws {
    let router = Router()
    var routes = ExporterRoutes(registry: registry, readiness: Readiness(), buildInfo: BuildInfo(version: "bench", revision: "-", swiftVersion: "-"))
    routes.readiness.clear("startup")
    routes.on("/-/alloc", method: .get) { _ in
        Response(status: .ok, body: ResponseBody(byteBuffer: ByteBuffer(string: "\(alloc_counter_bytes()) \(alloc_counter_calls())\n")))
    }
    routes.add(to: router)
    let app = Application(
        router: router, configuration: ApplicationConfiguration(address: .hostname("127.0.0.1", port: options.port)),
        onServerRunning: { channel in
            print("listening \(channel.localAddress?.port ?? options.port)")
            fflush(nil)  // every stream: stdout is pipe-buffered when the script reads it
        })
    try await withThrowingTaskGroup(of: Void.self) { group in
        group.addTask { try await app.runService() }
        group.addTask {
            while true {
                try await Task.sleep(for: .milliseconds(options.barCloseMs))
                pairs.closeBar()
            }
        }
        try await group.next()
        group.cancelAll()
    }
}

let options = try Options(Array(CommandLine.arguments.dropFirst()))
let registry = MetricsRegistry()
registry.register(BuildInfoMetrics(BuildInfo(version: "bench", revision: "-", swiftVersion: "-")))
let pairs = SyntheticPairMetrics(pairs: options.pairs, timeframes: ["1m", "5m", "1h"], seed: options.seed)
registry.register(pairs)
print("# seed \(options.seed), \(pairs.seriesCount) series x \(SyntheticPairMetrics.families.count) gauges = "
    + "\(pairs.seriesCount * SyntheticPairMetrics.families.count) samples")
switch options.command {
case "render": try await measureRenders(registry, options.renders)
case "serve": try await serve(registry, pairs, options)
default: throw BenchError("unknown command \(options.command): expected render or serve")
}
