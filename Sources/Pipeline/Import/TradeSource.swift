// SPDX-License-Identifier: Apache-2.0
import Foundation
import MarketData
import ZIPFoundation

/// Where an import reads its bytes from: a CSV file, standard input (`-`), the single CSV inside a
/// data.binance.vision `.zip`, or a stream of bytes sent by another part of the daemon (an upload), always in chunks
/// so memory stays flat whatever the size.
struct TradeSource {
    let path: String
    /// The name format detection and the symbol are taken from: the CSV's own name inside a zip.
    let name: String
    /// How the user of this source names a format or a symbol, for errors that ask for one.
    let formatOption: String
    let symbolOption: String
    private let stream: TradeByteStream?
    static let chunkSize = 1 << 20
    /// The first chunk handed on holds the first line whole (format detection reads it), unless the line is longer.
    static let firstLineLimit = 1 << 16

    init(stream: TradeByteStream, name: String) {
        (path, self.name, self.stream) = (name, name, stream)
        (formatOption, symbolOption) = ("?format=", "?symbol=")
    }

    init(path: String) throws {
        self.path = path
        (formatOption, symbolOption, stream) = ("--format", "--symbol", nil)
        if path != "-" {
            do throws(FileAccessError) { try FileAccess.checkReadable(path) } catch { throw ImportError(error.description) }
        }
        name = Self.isZip(path) ? try Self.csvEntry(in: try Self.archive(path), path: path).path : (path == "-" ? "stdin" : path)
    }

    private static func isZip(_ path: String) -> Bool { path.lowercased().hasSuffix(".zip") }

    /// Calls `body` with each chunk in order.
    func forEachChunk(_ body: (UnsafeRawBufferPointer) throws -> Void) throws {
        if let stream { return try Self.forEachStreamChunk(stream, body) }
        if Self.isZip(path) { return try forEachZipChunk(body) }
        let handle: FileHandle
        do {
            handle = path == "-" ? FileHandle.standardInput : try FileHandle(forReadingFrom: URL(fileURLWithPath: path))
        } catch {
            throw ImportError(FileAccessError.reading(path, error).description)
        }
        defer { if path != "-" { try? handle.close() } }
        while let data = try read(handle), !data.isEmpty {
            try data.withUnsafeBytes(body)
        }
    }

    private func read(_ handle: FileHandle) throws -> Data? {
        do {
            return try handle.read(upToCount: Self.chunkSize)
        } catch {
            throw ImportError(FileAccessError.reading(path, error).description)
        }
    }

    var isStream: Bool { stream != nil }

    /// Stops a stream's sender once the import no longer reads; nothing for a file.
    func cancel() {
        stream?.cancel()
    }

    private static func forEachStreamChunk(_ stream: TradeByteStream, _ body: (UnsafeRawBufferPointer) throws -> Void) throws {
        // A sender's chunks may be a few bytes each: the first ones are joined until the first line is whole.
        var first: [UInt8] = []
        while first.count < firstLineLimit, let chunk = try stream.receive() {
            first += chunk
            if chunk.contains(UInt8(ascii: "\n")) { break }
        }
        if !first.isEmpty { try first.withUnsafeBytes(body) }
        while let chunk = try stream.receive() { try chunk.withUnsafeBytes(body) }
    }

    private func forEachZipChunk(_ body: (UnsafeRawBufferPointer) throws -> Void) throws {
        let archive = try Self.archive(path)
        _ = try archive.extract(try Self.csvEntry(in: archive, path: path), bufferSize: Self.chunkSize) { data in
            try data.withUnsafeBytes(body)
        }
    }

    private static func archive(_ path: String) throws -> Archive {
        do {
            return try Archive(url: URL(fileURLWithPath: path), accessMode: .read)
        } catch {
            // The file was found readable above, so what fails here is its content.
            throw ImportError("\(path): not a zip archive")
        }
    }

    /// data.binance.vision archives hold exactly one CSV.
    private static func csvEntry(in archive: Archive, path: String) throws -> Entry {
        let files = archive.filter { $0.type == .file }
        guard files.count == 1, let entry = files.first else {
            throw ImportError("\(path): expected one CSV file in the archive, found \(files.count)")
        }
        return entry
    }
}

/// An import failure that is not a bad row: the file, and what is wrong with it.
public struct ImportError: Error, CustomStringConvertible {
    public let description: String
    /// The option whose value is missing or wrong (`format`, `symbol`), when one is.
    public let option: String?

    init(_ description: String, option: String? = nil) {
        self.description = description
        self.option = option
    }
}
