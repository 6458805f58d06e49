// SPDX-License-Identifier: Apache-2.0
import Alerting
import Foundation
import TestSupport
import Testing

#if canImport(Glibc)
    import Glibc
#endif

// The real sd_journal_sendv, against a socket this test listens on: the test binary runs itself again (only the
// child test below) in a private mount namespace where a tmpfs on /run carries the listening socket's folder as
// /run/systemd/journal, so libsystemd finds "the journal" there. Needs root for the mounts.

private let childVariable = "PAIRWATCH_TEST_JOURNAL_CHILD"

private let entry = [
    ("MESSAGE", "alert SpreadZscoreHigh firing for BTCUSDT/ETHUSDT 1m: value 2.4, threshold 2"), ("PRIORITY", "4"),
    ("SYSLOG_IDENTIFIER", "pairwatch"), ("PAIRWATCH_ALERT", "SpreadZscoreHigh"), ("PAIRWATCH_SUMMARY", "two\nlines, é"),
]

/// Runs only as the child of the test below: sends the entry through libsystemd and passes if it says it sent it.
@Test(.enabled(if: ProcessInfo.processInfo.environment[childVariable] != nil, "runs only in the mount namespace of the test below"))
func systemdJournalChild_whenAJournalSocketIsThere_sendsTheEntry() {
    #expect(SystemdJournal().send(entry) == 0)
}

@Test(.enabled(if: getuid() == 0 && FileManager.default.isExecutableFile(atPath: "/usr/bin/unshare"), "needs root and unshare"))
func systemdJournal_whenAJournalListens_sendsEachFieldInTheNativeProtocol() async throws {
    let folder = try TemporaryDirectory("pairwatch-journal")
    defer { folder.remove() }
    let socket = try DatagramSocket(path: folder.file("socket"))
    let child = try startChild(bindingAsJournal: folder.path, log: folder.file("child.log"))
    // The datagram waits in the socket's queue, so a child that failed is known without waiting for it.
    try await offThePool { child.waitUntilExit() }
    let log = (try? String(contentsOfFile: folder.file("child.log"), encoding: .utf8)) ?? ""
    try #require(child.terminationStatus == 0, "\(log)")
    let received = try await offThePool { try socket.receive(waitingAtMost: 5) }
    let fields = try #require(JournalSocket.fields(received), "not a native-protocol entry: \(received)")
    #expect(fields.map(\.0) == entry.map(\.0))
    #expect(fields.map(\.1) == entry.map(\.1))
}

/// This test binary, started again as `unshare -m` with `folder` mounted at /run/systemd/journal, running only the
/// child test.
private func startChild(bindingAsJournal folder: String, log: String) throws -> Process {
    let binary = try FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")
    let script = #"mount -t tmpfs none /run && mkdir -p /run/systemd/journal && mount --bind "$1" /run/systemd/journal && shift && exec "$@""#
    let child = Process()
    child.executableURL = URL(fileURLWithPath: "/usr/bin/unshare")
    child.arguments = [
        "-m", "sh", "-c", script, "sh", folder, binary, "--testing-library", "swift-testing", "--filter", "systemdJournalChild",
    ]
    child.environment = ProcessInfo.processInfo.environment.merging([childVariable: "1"]) { $1 }
    _ = FileManager.default.createFile(atPath: log, contents: nil)
    let output = try FileHandle(forWritingTo: URL(fileURLWithPath: log))
    child.standardOutput = output
    child.standardError = output
    try child.run()
    return child
}
