// SPDX-License-Identifier: Apache-2.0
import Foundation
import TestSupport
import Testing

private let unit = "/usr/local/lib/systemd/system/pairwatch.service"
private let config = "/etc/pairwatch/pairwatch.yml"
private let serviceFiles: Set<String> = [
    "/usr/local/bin/pairwatch", unit, "/usr/local/lib/sysusers.d/pairwatch.conf", config,
]
private let hasSystemdAnalyze = FileManager.default.isExecutableFile(atPath: "/usr/bin/systemd-analyze")

/// `make install` and `make uninstall` into staging folders, and the installed unit under systemd-analyze; one at a
/// time, as each runs make and systemd-analyze, which would otherwise all start at once with the suite.
@Suite(.serialized) struct ServiceInstallTests {
    @Test func install_intoDestdir_writesTheServiceFilesAndNothingElse() async throws {
        let folder = try TemporaryDirectory("pairwatch-install")
        defer { folder.remove() }
        let install = try MakeInstall(in: folder)
        let expected = serviceFiles.union(install.sharedFiles())
        let before = hostSnapshot(expected)
        let passwd = try String(contentsOfFile: "/etc/passwd", encoding: .utf8)

        let output = try await install.run("install")

        #expect(output.status == 0, "\(output.stdout)")
        #expect(install.installedFiles() == expected)
        #expect(hostSnapshot(expected) == before, "install wrote outside DESTDIR")
        #expect(try String(contentsOfFile: "/etc/passwd", encoding: .utf8) == passwd, "install created a user outside DESTDIR")
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted() == ["pairwatch", "root"])
        let binary = try FileManager.default.attributesOfItem(atPath: install.staged("/usr/local/bin/pairwatch"))
        #expect((binary[.posixPermissions] as? Int) == 0o755)
        #expect(try String(contentsOfFile: install.staged("/usr/local/bin/pairwatch"), encoding: .utf8) == MakeInstall.binaryText)
        let unitText = try String(contentsOfFile: install.staged(unit), encoding: .utf8)
        #expect(unitText.contains("ExecStart=/usr/local/bin/pairwatch serve --config.file=/etc/pairwatch/pairwatch.yml "))
    }

    @Test func install_withPrefixOutsideUsr_putsTheUnitUnderEtcAndItsPathInExecStart() async throws {
        let folder = try TemporaryDirectory("pairwatch-install")
        defer { folder.remove() }
        let install = try MakeInstall(in: folder, prefix: "/opt/pairwatch")

        let output = try await install.run("install")

        #expect(output.status == 0, "\(output.stdout)")
        let expected: Set<String> = [
            "/opt/pairwatch/bin/pairwatch", "/etc/systemd/system/pairwatch.service", "/etc/sysusers.d/pairwatch.conf", config,
        ]
        #expect(install.installedFiles() == expected.union(install.sharedFiles()))
        let unitText = try String(contentsOfFile: install.staged("/etc/systemd/system/pairwatch.service"), encoding: .utf8)
        #expect(unitText.contains("\nExecStart=/opt/pairwatch/bin/pairwatch serve "))
        #expect(!unitText.contains("/usr/local/bin"))
    }

    @Test func install_whenConfigExists_keepsTheEditedOne() async throws {
        let folder = try TemporaryDirectory("pairwatch-install")
        defer { folder.remove() }
        let install = try MakeInstall(in: folder)
        #expect(try await install.run("install").status == 0)
        let edited = "pairs:\n  - {a: SOLUSDT, b: ETHUSDT}\n"
        try edited.write(toFile: install.staged(config), atomically: true, encoding: .utf8)

        let output = try await install.run("install")

        #expect(output.status == 0, "\(output.stdout)")
        #expect(output.stdout.contains("kept the existing"))
        #expect(try String(contentsOfFile: install.staged(config), encoding: .utf8) == edited)
    }

    @Test func uninstall_afterInstall_removesAllButTheConfig() async throws {
        let folder = try TemporaryDirectory("pairwatch-install")
        defer { folder.remove() }
        let install = try MakeInstall(in: folder)
        #expect(try await install.run("install").status == 0)

        let output = try await install.run("uninstall")

        #expect(output.status == 0, "\(output.stdout)")
        #expect(install.installedFiles() == [config])
        #expect(!FileManager.default.fileExists(atPath: install.staged("/usr/local/share/pairwatch")))
    }

    @Test func installedConfig_isTheExampleWithTheServiceDatabase() async throws {
        let folder = try TemporaryDirectory("pairwatch-install")
        defer { folder.remove() }
        let install = try MakeInstall(in: folder)
        #expect(try await install.run("install").status == 0)
        let example = try String(contentsOf: MakeInstall.root.appendingPathComponent("examples/pairwatch.yml"), encoding: .utf8)
        let installed = try String(contentsOfFile: install.staged(config), encoding: .utf8)

        #expect(installed == example.replacingOccurrences(of: "./data/pairwatch.db", with: "/var/lib/pairwatch/pairwatch.db"))
        #expect(installed != example)
        let unitText = try String(contentsOfFile: install.staged(unit), encoding: .utf8)
        #expect(unitText.contains(" --storage.path=%S/pairwatch/pairwatch.db\n"))
        let check = try await runPairwatch(["check-config", "--config.file", install.staged(config)])
        #expect(check.status == 0, "\(check.stderr)")
    }

    @Test(.enabled(if: hasSystemdAnalyze, "needs systemd-analyze"))
    func installedUnit_passesVerifyAndScoresAtMostTwo() async throws {
        let output = try await checkService { $0 }

        #expect(output.status == 0, "\(output.stdout)")
        let exposure = output.stdout.split(separator: " ").last.flatMap { Double($0.trimmingCharacters(in: .whitespacesAndNewlines)) }
        #expect(exposure.map { $0 <= 2.0 } == true, "\(output.stdout)")
    }

    @Test(.enabled(if: hasSystemdAnalyze, "needs systemd-analyze"))
    func checkService_whenTheUnitHasATypo_failsVerify() async throws {
        let output = try await checkService { $0.replacingOccurrences(of: "ProtectHome=", with: "ProtectHom=") }

        #expect(output.status == 1)
        #expect(output.stdout.contains("Unknown key 'ProtectHom'"), "\(output.stdout)")
    }

    @Test(.enabled(if: hasSystemdAnalyze, "needs systemd-analyze"))
    func checkService_whenTheUnitRunsAsAUserTheSysusersFileLacks_fails() async throws {
        let output = try await checkService { $0.replacingOccurrences(of: "User=pairwatch", with: "User=pairwatcher") }

        #expect(output.status == 1)
        #expect(output.stdout.contains("does not create the user 'pairwatcher'"), "\(output.stdout)")
    }

    @Test(.enabled(if: hasSystemdAnalyze, "needs systemd-analyze"))
    func checkService_whenHardeningIsRemoved_failsTheScore() async throws {
        let output = try await checkService { text in
            let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
            return lines.filter { !$0.hasPrefix("SystemCallFilter=") && !$0.hasPrefix("CapabilityBoundingSet=") }.joined(separator: "\n")
        }

        #expect(output.status == 1)
        #expect(output.stdout.contains("is above 2.0"), "\(output.stdout)")
    }
}

/// Installs into a staging folder, rewrites the installed unit with `edit`, and runs scripts/check-service.sh on it.
private func checkService(edit: (String) -> String) async throws -> ProcessOutput {
    let folder = try TemporaryDirectory("pairwatch-install")
    defer { folder.remove() }
    let install = try MakeInstall(in: folder)
    let installed = try await install.run("install")
    guard installed.status == 0 else { return installed }
    let text = try String(contentsOfFile: install.staged(unit), encoding: .utf8)
    try edit(text).write(toFile: install.staged(unit), atomically: true, encoding: .utf8)
    return try await runTool(MakeInstall.root.appendingPathComponent("scripts/check-service.sh").path, [install.destdir, unit])
}
