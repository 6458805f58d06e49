// SPDX-License-Identifier: Apache-2.0
import Foundation
import PairStats

/// Times one full `PairEngine.update` (Huber + z-score + ADF with AIC lag search + half-life + correlation +
/// Engle–Granger) after the window is full, at several windows; prints the median per window.
///
/// Usage: PairStatsBench [--windows 100,500,2000,5000] [--updates N] [--data FILE]
/// `--data` writes the bars used (columns a,b) for scripts/bench_statsmodels.py.
struct Options {
    var windows = [100, 500, 2000, 5000]
    var updates = 1000
    var dataPath: String?

    init(_ arguments: [String]) {
        var rest = arguments.dropFirst()
        while let flag = rest.popFirst() {
            let value = rest.popFirst() ?? ""
            switch flag {
            case "--windows": windows = value.split(separator: ",").compactMap { Int($0) }
            case "--updates": updates = Int(value) ?? updates
            case "--data": dataPath = value
            default: FileHandle.standardError.write(Data("unknown option \(flag)\n".utf8))
            }
        }
    }
}

func medianMicroseconds(window: Int, updates: Int, data: BenchData) throws -> Double {
    var engine = PairEngine(configuration: try PairConfiguration(window: window, zscoreWindow: min(100, window), method: .huber))
    for i in 0..<window { try engine.update(a: data.a[i], b: data.b[i]) }
    let clock = ContinuousClock()
    var samples: [Double] = []
    samples.reserveCapacity(updates)
    var sink = 0.0
    for i in window..<(window + updates) {
        let start = clock.now
        let snapshot = try engine.update(a: data.a[i], b: data.b[i])
        let elapsed = clock.now - start
        sink += snapshot.adf.value?.statistic ?? 0
        samples.append(Double(elapsed.components.attoseconds) / 1e12 + Double(elapsed.components.seconds) * 1e6)
    }
    if sink.isNaN { print("unreachable") }
    samples.sort()
    return samples[samples.count / 2]
}

let options = Options(CommandLine.arguments)
let data = BenchData(count: (options.windows.max() ?? 0) + options.updates)
if let path = options.dataPath { try data.csv().write(toFile: path, atomically: true, encoding: .utf8) }
print("window,updates,median_us")
for window in options.windows {
    let median = try medianMicroseconds(window: window, updates: options.updates, data: data)
    print("\(window),\(options.updates),\(String(format: "%.2f", median))")
}
