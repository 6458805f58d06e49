// SPDX-License-Identifier: Apache-2.0
import Foundation
import TestSupport

/// What a finished `pairwatch` run printed and returned.
struct ProcessOutput: Sendable {
    var status: Int32
    var stdout: String
    var stderr: String
}

/// The `pairwatch` executable built beside this test bundle (or `PAIRWATCH_BINARY` when set).
func pairwatchBinary() -> URL {
    if let override = ProcessInfo.processInfo.environment["PAIRWATCH_BINARY"] {
        return URL(fileURLWithPath: override)
    }
    // The test runner lives in the build products folder, next to the executable.
    let runner = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
    var folder = runner.deletingLastPathComponent()
    while folder.path != "/" {
        let candidate = folder.appendingPathComponent("pairwatch")
        if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
        folder = folder.deletingLastPathComponent()
    }
    return runner.deletingLastPathComponent().appendingPathComponent("pairwatch")
}

/// Runs `pairwatch` with the arguments to completion, feeding `stdin` if given.
func runPairwatch(_ arguments: [String], stdin: String? = nil, directory: URL? = nil) async throws -> ProcessOutput {
    let running = try RunningPairwatch(arguments, stdin: stdin, directory: directory)
    let status = await running.waitForExit()
    return ProcessOutput(status: status, stdout: running.stdout, stderr: running.stderr)
}

/// A `pairwatch` process in the background whose output goes to temporary files, so a chatty child can never
/// block on a full pipe and the test can read what it has printed so far. When the last reference goes, the child
/// is killed (if still running) and its output folder removed.
final class RunningPairwatch: @unchecked Sendable {
    let process = Process()
    private let folder: TemporaryDirectory
    private let outputURL: URL
    private let errorURL: URL
    private let exit = ExitBox()

    /// `environment` is added to this process's own.
    init(_ arguments: [String], stdin: String? = nil, directory: URL? = nil, environment: [String: String] = [:]) throws {
        folder = try TemporaryDirectory("pairwatch-run")
        outputURL = folder.url.appendingPathComponent("stdout")
        errorURL = folder.url.appendingPathComponent("stderr")
        _ = FileManager.default.createFile(atPath: outputURL.path, contents: nil)
        _ = FileManager.default.createFile(atPath: errorURL.path, contents: nil)
        process.executableURL = pairwatchBinary()
        process.arguments = arguments
        if !environment.isEmpty { process.environment = ProcessInfo.processInfo.environment.merging(environment) { _, new in new } }
        if let directory { process.currentDirectoryURL = directory }
        process.standardOutput = try FileHandle(forWritingTo: outputURL)
        process.standardError = try FileHandle(forWritingTo: errorURL)
        let input = Pipe()
        process.standardInput = input
        let exit = exit
        process.terminationHandler = { exit.set($0.terminationStatus) }
        try process.run()
        if let stdin { input.fileHandleForWriting.write(Data(stdin.utf8)) }
        try input.fileHandleForWriting.close()
    }

    var stdout: String { (try? String(contentsOf: outputURL, encoding: .utf8)) ?? "" }
    var stderr: String { (try? String(contentsOf: errorURL, encoding: .utf8)) ?? "" }

    func signal(_ signal: Int32) {
        kill(process.processIdentifier, signal)
    }

    /// Kills the child if it still runs and waits until it is gone, so nothing writes into a folder about to be
    /// removed (`defer { daemon.stop() }` after the folder's own `defer`).
    func stop() {
        guard process.isRunning else { return }
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
    }

    func waitForExit() async -> Int32 {
        await exit.wait()
    }

    /// Polls stderr until `match` finds something in it, or gives up after `timeout`.
    func waitForStderr<T>(timeout: Duration = .seconds(60), _ match: (String) -> T?) async throws -> T {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if let found = match(stderr) { return found }
            if !process.isRunning { break }
            try await Task.sleep(for: .milliseconds(50))
        }
        throw WaitError(description: "pairwatch did not print the expected line; stderr:\n\(stderr)")
    }

    /// Starts `pairwatch serve` with the arguments on an ephemeral port and returns it once it listens.
    static func serve(_ arguments: [String], environment: [String: String] = [:]) async throws -> (process: RunningPairwatch, port: Int) {
        let process = try RunningPairwatch(["serve", "--web.listen-address", "127.0.0.1:0"] + arguments, environment: environment)
        let port = try await process.waitForStderr { text -> Int? in
            // logfmt (the default) or JSON (`--log.format json`).
            guard let range = text.range(of: "address=127.0.0.1:") ?? text.range(of: "\"address\":\"127.0.0.1:") else { return nil }
            return Int(text[range.upperBound...].prefix { $0.isNumber })
        }
        return (process, port)
    }

    deinit {
        stop()
        folder.remove()
    }
}

struct WaitError: Error, CustomStringConvertible {
    let description: String
}

/// The exit status, handed from Foundation's termination handler to any number of waiters.
private final class ExitBox: @unchecked Sendable {
    private let lock = NSLock()
    private var status: Int32?
    private var waiters: [CheckedContinuation<Int32, Never>] = []

    func set(_ value: Int32) {
        lock.lock()
        status = value
        let pending = waiters
        waiters = []
        lock.unlock()
        pending.forEach { $0.resume(returning: value) }
    }

    func wait() async -> Int32 {
        await withCheckedContinuation { continuation in
            lock.lock()
            if let status {
                lock.unlock()
                continuation.resume(returning: status)
            } else {
                waiters.append(continuation)
                lock.unlock()
            }
        }
    }
}
