// SPDX-License-Identifier: Apache-2.0
import Foundation
import TestSupport
import Testing

@testable import MarketData

/// A fresh temporary folder for one test, removed when it ends.
private func withFolder(_ body: (String) throws -> Void) throws {
    let folder = try TemporaryDirectory("pairwatch-files")
    defer { folder.remove() }
    try body(folder.path)
}

private func failure(_ body: () throws -> Void) -> String? {
    do {
        try body()
        return nil
    } catch {
        return "\(error)"
    }
}

@Test func checkReadable_whenMissingOrAFolder_saysSoInPlainWords() throws {
    try withFolder { folder in
        #expect(failure { try FileAccess.checkReadable("\(folder)/x.csv") } == "\(folder)/x.csv: no such file")
        #expect(failure { try FileAccess.checkReadable(folder) } == "\(folder): is a directory")
        let file = "\(folder)/file"
        try "x".write(toFile: file, atomically: true, encoding: .utf8)
        #expect(failure { try FileAccess.checkReadable(file) } == nil)
        #expect(failure { try FileAccess.checkReadable("\(file)/x.csv") } == "\(file)/x.csv: \(file) is a file, not a directory")
    }
}

@Test func readText_whenNotUTF8_saysSo() throws {
    try withFolder { folder in
        let path = "\(folder)/latin1.yml"
        try Data([0x61, 0xE9, 0xFF, 0x0A]).write(to: URL(fileURLWithPath: path))
        #expect(failure { _ = try FileAccess.readText(path) } == "\(path): not UTF-8 text")
        try "a: 1\n".write(toFile: path, atomically: true, encoding: .utf8)
        #expect(try FileAccess.readText(path) == "a: 1\n")
    }
}

@Test func createFolder_whenAFileStandsInTheWay_namesIt() throws {
    try withFolder { folder in
        let file = "\(folder)/file"
        try "x".write(toFile: file, atomically: true, encoding: .utf8)
        #expect(failure { try FileAccess.createFolder("\(file)/sub/db") } == "cannot create \(file)/sub/db: \(file) is a file, not a directory")
        #expect(failure { try FileAccess.createFolder(file) } == "cannot create \(file): a file of that name exists")
        #expect(failure { try FileAccess.createFolder("\(folder)/a/b") } == nil)
        #expect(FileManager.default.fileExists(atPath: "\(folder)/a/b"))
    }
}

@Test func foundationErrors_whenMapped_readAsWords() {
    // Foundation's own wording, the text users saw before: `NSCocoaErrorDomain Code=256 … "Is a directory"`.
    let directory = NSError(
        domain: NSCocoaErrorDomain, code: CocoaError.fileReadUnknown.rawValue,
        userInfo: [NSUnderlyingErrorKey: NSError(domain: NSPOSIXErrorDomain, code: Int(EISDIR))])
    #expect(FileAccessError.reading("/tmp", directory).description == "/tmp: is a directory")
    #expect(FileAccessError.creating("/missing/dir", CocoaError(.fileNoSuchFile)).description == "cannot create /missing/dir: no such directory")
    #expect(FileAccessError.reading("/etc/shadow", CocoaError(.fileReadNoPermission)).description == "/etc/shadow: permission denied")
    #expect(FileAccessError.reading("x", POSIXError(.EROFS)).description == "x: read-only file system")
    #expect(FileAccessError.reading("x", errno: EIO).description == "x: input/output error")
    #expect(FileAccessError.reading("x", CocoaError(.coderInvalidValue)).description == "x: cannot be read")
}
