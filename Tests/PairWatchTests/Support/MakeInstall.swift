// SPDX-License-Identifier: Apache-2.0
import Foundation
import TestSupport

/// `make install` and `make uninstall` of this checkout into `folder/root`, with `folder/pairwatch`, a small
/// stand-in, as the binary (`BINARY=`): no release build runs, and no test copies the 150 MB debug build around.
struct MakeInstall {
    /// The checkout: the Makefile, systemd/, examples/ and scripts/.
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../..").standardized
    /// What the stand-in binary holds.
    static let binaryText = "#!/bin/sh\necho pairwatch stand-in\n"

    let destdir: String
    let binary: String
    let prefix: String

    /// Writes the stand-in binary into `folder`; the staging folder is `folder/root`.
    init(in folder: TemporaryDirectory, prefix: String = "/usr/local") throws {
        destdir = folder.file("root")
        binary = folder.file("pairwatch")
        self.prefix = prefix
        try Self.binaryText.write(toFile: binary, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: binary)
    }

    /// Runs `make TARGET DESTDIR=… PREFIX=… BINARY=…` and returns its exit status and everything it printed.
    func run(_ target: String) async throws -> ProcessOutput {
        let variables = ["DESTDIR=\(destdir)", "PREFIX=\(prefix)", "BINARY=\(binary)"]
        return try await runTool("/usr/bin/make", ["-C", Self.root.path, target] + variables)
    }

    /// The regular files under the staging folder, as paths of the installed system (`/etc/pairwatch/pairwatch.yml`).
    func installedFiles() -> Set<String> {
        guard let walker = FileManager.default.enumerator(atPath: destdir) else { return [] }
        var files = Set<String>()
        while let relative = walker.nextObject() as? String {
            if walker.fileAttributes?[.type] as? FileAttributeType != .typeDirectory { files.insert("/" + relative) }
        }
        return files
    }

    /// The path of an installed file inside the staging folder.
    func staged(_ path: String) -> String { destdir + path }

    /// Every file of the Grafana and Prometheus folders as install copies them (`/usr/local/share/pairwatch/grafana/…`).
    func sharedFiles() -> Set<String> {
        var files = Set<String>()
        for folder in ["grafana", "prometheus"] {
            let source = Self.root.appendingPathComponent(folder).path
            guard let walker = FileManager.default.enumerator(atPath: source) else { continue }
            while let relative = walker.nextObject() as? String {
                if walker.fileAttributes?[.type] as? FileAttributeType != .typeDirectory {
                    files.insert("\(prefix)/share/pairwatch/\(folder)/\(relative)")
                }
            }
        }
        return files
    }
}

/// Runs a tool to completion with its stderr merged into its stdout (which `stdout` holds).
func runTool(_ executable: String, _ arguments: [String]) async throws -> ProcessOutput {
    // Under `make test` the outer make's flags (a jobserver, -n, -s) would reach the inner one.
    let environment = ProcessInfo.processInfo.environment.filter { !["MAKEFLAGS", "MFLAGS", "MAKELEVEL"].contains($0.key) }
    let result = try await runToCompletion(executable, arguments, environment: environment)
    return ProcessOutput(status: result.status, stdout: result.output, stderr: "")
}

/// The full path of a program found in `$PATH` or among the test tools `scripts/install-test-tools.sh` installs, or
/// an error that says how to install it.
func executableInPath(_ name: String, install: String) throws -> String {
    let tools = OperationsFiles.root.appendingPathComponent(".build/tools/bin").path
    let folders = (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":").map(String.init) + ["/usr/local/bin", "/usr/bin", tools]
    guard let found = folders.map({ "\($0)/\(name)" }).first(where: { FileManager.default.isExecutableFile(atPath: $0) }) else {
        throw WaitError(description: "\(name) not found in $PATH or \(tools); install it (\(install)) or run scripts/install-test-tools.sh")
    }
    return found
}

/// Whether each of `paths` exists on the host and when it last changed, to show an install left them alone.
func hostSnapshot(_ paths: some Sequence<String>) -> [String: Date?] {
    var snapshot: [String: Date?] = [:]
    for path in paths {
        let attributes = try? FileManager.default.attributesOfItem(atPath: path)
        snapshot[path] = attributes?[.modificationDate] as? Date
    }
    return snapshot
}
