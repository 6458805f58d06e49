// SPDX-License-Identifier: Apache-2.0
import Foundation
import MarketData
import ZIPFoundation

/// Where an import reads its bytes from: a CSV file, standard input (`-`), or the single CSV inside a
/// data.binance.vision `.zip`, always in chunks so memory stays flat whatever the size.
struct TradeSource {
    let path: String
    /// The name format detection and the symbol are taken from: the CSV's own name inside a zip.
    let name: String
    static let chunkSize = 1 << 20

    init(path: String) throws {
        self.path = path
        if path != "-" {
            do throws(FileAccessError) { try FileAccess.checkReadable(path) } catch { throw ImportError(error.description) }
        }
        name = Self.isZip(path) ? try Self.csvEntry(in: try Self.archive(path), path: path).path : (path == "-" ? "stdin" : path)
    }

    private static func isZip(_ path: String) -> Bool { path.lowercased().hasSuffix(".zip") }

    /// Calls `body` with each chunk in order.
    func forEachChunk(_ body: (UnsafeRawBufferPointer) throws -> Void) throws {
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

    init(_ description: String) {
        self.description = description
    }
}
