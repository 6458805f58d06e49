// SPDX-License-Identifier: Apache-2.0
import Foundation
import Hummingbird
import Pipeline
import Synchronization

/// An upload's body written to a temporary file as it arrives, so the import, which holds the database's write
/// transaction from its first row to its commit, starts only once the client has sent everything: a slow or stalled
/// client holds its own connection, never the daemon's trade writer (which the systemd watchdog waits for).
struct UploadSpool {
    let path: String
    let bytes: Int64
    static let chunkSize = 1 << 20

    /// Receives the body into a new temporary file; throws 413 past `limit` bytes (counted as they arrive), 408 when
    /// no bytes arrive for `stallTimeout`, 400 when the body ends early. Nothing is left on disk when it throws.
    static func receive(_ body: RequestBody, limit: Int64, stallTimeout: Duration) async throws(APIError) -> UploadSpool {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("pairwatch-upload-\(UUID().uuidString)").path
        guard FileManager.default.createFile(atPath: path, contents: nil), let file = FileHandle(forWritingAtPath: path) else {
            throw APIError(.serviceUnavailable, "cannot store the upload: cannot create a temporary file in \(FileManager.default.temporaryDirectory.path)")
        }
        defer { try? file.close() }
        let lastChunk = LastChunk()
        do {
            let bytes = try await withThrowingTaskGroup(of: Int64?.self) { group in
                group.addTask {
                    var received: Int64 = 0
                    for try await buffer in body {
                        received += Int64(buffer.readableBytes)
                        if received > limit { throw TradesUpload.tooLarge(limit) }
                        try file.write(contentsOf: buffer.readableBytesView)
                        lastChunk.note()
                    }
                    return received
                }
                group.addTask {
                    while true {
                        try await Task.sleep(for: stallTimeout / 4)
                        if lastChunk.age > stallTimeout { return nil }
                    }
                }
                defer { group.cancelAll() }
                guard let first = try await group.next(), let bytes = first else {
                    throw APIError(.requestTimeout, "the upload stalled: no bytes arrived for \(stallTimeout); nothing was stored")
                }
                return bytes
            }
            return UploadSpool(path: path, bytes: bytes)
        } catch {
            try? FileManager.default.removeItem(atPath: path)
            if let error = error as? APIError { throw error }
            throw APIError(.badRequest, "the request body ended early: \(error); nothing was stored")
        }
    }

    /// Hands the file to the import in chunks, then ends the stream (with the read error, if one happens).
    func feed(_ stream: TradeByteStream) async {
        guard let file = FileHandle(forReadingAtPath: path) else {
            return stream.finish(throwing: TradeByteStream.Failure("cannot read back the upload from \(path)"))
        }
        defer { try? file.close() }
        do {
            while let data = try file.read(upToCount: Self.chunkSize), !data.isEmpty {
                guard await stream.send(Array(data)) else { return }
            }
            stream.finish()
        } catch {
            stream.finish(throwing: TradeByteStream.Failure("cannot read back the upload from \(path): \(error)"))
        }
    }

    func remove() {
        try? FileManager.default.removeItem(atPath: path)
    }
}

/// When the latest chunk of a body arrived, for the stall check.
private final class LastChunk: Sendable {
    private let time = Mutex(ContinuousClock.now)

    func note() { time.withLock { $0 = .now } }

    var age: Duration { time.withLock { $0 }.duration(to: .now) }
}
