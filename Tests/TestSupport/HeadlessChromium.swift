// SPDX-License-Identifier: Apache-2.0
import Foundation

/// Debian's `chromium` in headless mode, for checking a page as a real browser renders it: the DOM after its
/// scripts ran, what it logged to the console, and screenshots.
///
/// Console messages reach chromium's log as `…:INFO:CONSOLE:<line>] "<message>", source: …` (uncaught exceptions
/// as `"Uncaught …"`); the page is expected to log nothing, so every such line counts as a console error.
public struct HeadlessChromium: Sendable {
    /// What a run printed: the DOM (for `--dump-dom`), the console lines and chromium's whole log.
    public struct Run: Sendable {
        public var dom: String
        public var consoleErrors: [String]
        public var log: String
    }

    public struct Failure: Error, CustomStringConvertible {
        public let description: String
    }

    public static let installHint =
        "chromium is not installed (or PAIRWATCH_CHROMIUM names no executable): install it with `apt-get install -y chromium` (`make test` does)"

    /// `PAIRWATCH_CHROMIUM` when set, else `chromium` on `PATH`; nil when that is not an executable.
    public static var executable: URL? {
        let environment = ProcessInfo.processInfo.environment
        if let chosen = environment["PAIRWATCH_CHROMIUM"] {
            return FileManager.default.isExecutableFile(atPath: chosen) ? URL(fileURLWithPath: chosen) : nil
        }
        let path = environment["PATH"] ?? "/usr/bin:/bin"
        return path.split(separator: ":").map { URL(fileURLWithPath: String($0)).appendingPathComponent("chromium") }
            .first { FileManager.default.isExecutableFile(atPath: $0.path) }
    }

    let executable: URL
    let profile: TemporaryDirectory

    /// Fails with ``installHint`` when chromium is missing, so a test that needs it cannot pass without it.
    public init() throws {
        guard let executable = Self.executable else { throw Failure(description: Self.installHint) }
        self.executable = executable
        profile = try TemporaryDirectory("pairwatch-chromium")
    }

    /// Loads `url`, lets its scripts run for `budget` of virtual time, and returns the DOM. A budget of zero dumps the
    /// DOM at the load event instead: virtual time stands still while a request is open, so a page holding a stream
    /// that never ends (the daemon's `/api/v1/stream`) would never be dumped.
    public func dumpDOM(_ url: String, budget: Duration = .seconds(3)) async throws -> Run {
        try await run(["--dump-dom", url], budget: budget)
    }

    /// Saves a PNG of `url` at `width` × `height` CSS pixels to `path`.
    public func screenshot(_ url: String, width: Int, height: Int, to path: String, budget: Duration = .seconds(3)) async throws -> Run {
        try await run(["--screenshot=\(path)", "--window-size=\(width),\(height)", "--hide-scrollbars", url], budget: budget)
    }

    /// Removes the browser profile.
    public func remove() {
        profile.remove()
    }

    private func run(_ arguments: [String], budget: Duration) async throws -> Run {
        let process = Process()
        process.executableURL = executable
        process.arguments = [
            "--headless=new", "--no-sandbox", "--disable-gpu", "--enable-logging=stderr", "--v=0", "--no-first-run",
            "--user-data-dir=\(profile.url.path)",
            // Less background work, since the suite runs it beside timing-sensitive tests.
            "--disable-extensions", "--disable-background-networking", "--disable-component-update", "--disable-sync",
            "--disable-default-apps", "--mute-audio", "--renderer-process-limit=1",
        ] + (budget == .zero ? [] : ["--virtual-time-budget=\(budget.components.seconds * 1_000)"]) + arguments
        let output = profile.url.appendingPathComponent("stdout"), log = profile.url.appendingPathComponent("stderr")
        for file in [output, log] { _ = FileManager.default.createFile(atPath: file.path, contents: nil) }
        process.standardOutput = try FileHandle(forWritingTo: output)
        process.standardError = try FileHandle(forWritingTo: log)
        try process.run()
        // Foundation's Process has no async wait: poll, since chromium runs for a second or two.
        let deadline = ContinuousClock.now + .seconds(90)
        while process.isRunning {
            if ContinuousClock.now > deadline {
                process.terminate()
                throw Failure(description: "chromium \(arguments.joined(separator: " ")) did not finish within 90 s")
            }
            try await Task.sleep(for: .milliseconds(50))
        }
        let text = (try? String(contentsOf: log, encoding: .utf8)) ?? ""
        let dom = (try? String(contentsOf: output, encoding: .utf8)) ?? ""
        guard process.terminationStatus == 0 else {
            throw Failure(description: "chromium exited with status \(process.terminationStatus); its log:\n\(text.suffix(3_000))")
        }
        let console = text.split(separator: "\n").filter { $0.contains(":CONSOLE") || $0.contains("Uncaught") }.map(String.init)
        return Run(dom: dom, consoleErrors: console, log: text)
    }
}
