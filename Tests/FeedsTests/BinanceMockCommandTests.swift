// SPDX-License-Identifier: Apache-2.0
import BinanceMock
import Foundation
import TestSupport
import Testing

/// The `binance-mock` executable built beside this test bundle.
private func binanceMockBinary() -> URL {
    let runner = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
    var folder = runner.deletingLastPathComponent()
    while folder.path != "/" {
        let candidate = folder.appendingPathComponent("binance-mock")
        if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
        folder = folder.deletingLastPathComponent()
    }
    return runner.deletingLastPathComponent().appendingPathComponent("binance-mock")
}

/// Reads the child's output up to its first line break (blocking, so off the cooperative pool).
private func firstLine(of handle: FileHandle) async -> String {
    await withCheckedContinuation { continuation in
        Thread.detachNewThread {
            var bytes = Data()
            while !bytes.contains(UInt8(ascii: "\n")) {
                let chunk = handle.availableData
                if chunk.isEmpty { break }
                bytes.append(chunk)
            }
            continuation.resume(returning: String(decoding: bytes, as: UTF8.self).components(separatedBy: "\n")[0])
        }
    }
}

@Test func binanceMock_whenStarted_printsItsPortFirstServesAndStopsOnSIGTERM() async throws {
    let process = Process()
    process.executableURL = binanceMockBinary()
    process.arguments = ["--listen", "127.0.0.1:0", "--symbols", "btcusdt", "--rate", "200", "--seed", "7", "--ping-interval", "500ms"]
    let output = Pipe()
    process.standardOutput = output
    process.standardError = FileHandle.nullDevice
    try process.run()
    defer { if process.isRunning { process.terminate() } }
    try await withTimeout(.seconds(60), "binance-mock") {
        let line = await firstLine(of: output.fileHandleForReading)
        let prefix = "listening on 127.0.0.1:"
        #expect(line.hasPrefix(prefix), "\(line)")
        let port = try #require(Int(line.dropFirst(prefix.count)))
        let client = StreamClient(port: port, path: "/market/ws/btcusdt@aggTrade")
        let trades = await client.texts(20).compactMap(ReceivedTrade.init)
        #expect(zip(trades, trades.dropFirst()).allSatisfy { $1.id == $0.id + 1 })
        let state = try JSONDecoder().decode(MockState.self, from: try await http(port: port, "/mock/state").body)
        #expect(state.symbols.map(\.symbol) == ["BTCUSDT"])
        kill(process.processIdentifier, SIGTERM)
        // A graceful stop closes the stream with a close frame rather than dropping it.
        let outcome = await client.outcome()
        #expect((try? outcome.get())??.closeCode == .normalClosure, "\(outcome)")
        while process.isRunning { try await Task.sleep(for: .milliseconds(10)) }
        #expect(process.terminationStatus == 0)
    }
}
