// SPDX-License-Identifier: Apache-2.0
import Foundation

/// What a finished tool printed (stdout and stderr together) and returned.
public struct ToolOutput: Sendable {
    public var status: Int32
    public var output: String
}

/// Runs `executable` to completion on a thread of its own, feeding it `input`, with its stderr merged into its stdout.
///
/// Never on the tests' task pool: the pool has a thread per core, and a tool that takes seconds (systemd-analyze,
/// make, promtool on a loaded machine) held one there, so two of them stalled every other test in the process (a
/// feed test saw no connection made for 20 s).
public func runToCompletion(
    _ executable: String, _ arguments: [String], in directory: URL? = nil, environment: [String: String]? = nil, input: Data? = nil
) async throws -> ToolOutput {
    try await offThePool {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        if let directory { process.currentDirectoryURL = directory }
        if let environment { process.environment = environment }
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        let stdin = Pipe()
        process.standardInput = input == nil ? FileHandle.nullDevice : stdin
        try process.run()
        if let input {
            // Written from another thread, so a tool that answers before it has read everything cannot deadlock us.
            Thread.detachNewThread {
                stdin.fileHandleForWriting.write(input)
                try? stdin.fileHandleForWriting.close()
            }
        }
        // Read before waiting, so a long report cannot fill the pipe and stall the tool.
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return ToolOutput(status: process.terminationStatus, output: text)
    }
}
