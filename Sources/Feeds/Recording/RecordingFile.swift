// SPDX-License-Identifier: Apache-2.0
#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A recording file that cannot be opened, written or rotated: `open recording PATH: No space left on device`.
public struct RecordingError: Error, Sendable, Equatable, CustomStringConvertible {
    public let description: String

    init(_ action: String, _ path: String, errno code: Int32) {
        description = "\(action) \(path): \(String(cString: strerror(code)))"
    }
}

/// The open recording: whole lines buffered in memory, the size on disk counted, and the switch to `PATH.1` when
/// the next line would take the file past `maxBytes`.
struct RecordingFile {
    let path: String
    let maxBytes: Int64
    private var descriptor: Int32
    private var buffer: [UInt8] = []
    /// Bytes in the file plus bytes buffered for it.
    private(set) var size: Int64
    var bufferedBytes: Int { buffer.count }

    /// Opens `path` for appending; a line torn by an earlier crash or full disk is cut off first, so the file holds
    /// whole lines only.
    init(path: String, maxBytes: Int64) throws(RecordingError) {
        self.path = path
        self.maxBytes = maxBytes
        descriptor = try openFile(path, truncate: false)
        size = max(0, Int64(lseek(descriptor, 0, SEEK_END)))
        if size > 0, let whole = Self.wholeLinesLength(path, size: size), whole < size {
            guard ftruncate(descriptor, off_t(whole)) == 0 else {
                let code = errno
                closeFile(descriptor)
                throw RecordingError("cut the torn last line of", path, errno: code)
            }
            size = whole
        }
    }

    /// The length of the file up to and including its last newline (0 when it has none); nil when it cannot be read.
    private static func wholeLinesLength(_ path: String, size: Int64) -> Int64? {
        var end = size
        var block = [UInt8](repeating: 0, count: 64 << 10)
        let reader = openForReading(path)
        guard reader >= 0 else { return nil }
        defer { closeFile(reader) }
        while end > 0 {
            let start = max(0, end - Int64(block.count))
            let count = Int(end - start)
            let read = block.withUnsafeMutableBytes { pread(reader, $0.baseAddress, count, off_t(start)) }
            guard read == count else { return nil }
            if let newline = block[..<count].lastIndex(of: UInt8(ascii: "\n")) { return start + Int64(newline) + 1 }
            end = start
        }
        return 0
    }

    /// Buffers one whole line; first moves the file to `PATH.1` when the line would take it past `maxBytes`.
    mutating func append(_ line: [UInt8]) throws(RecordingError) {
        if size > 0, size + Int64(line.count) > maxBytes { try rotate() }
        buffer += line
        size += Int64(line.count)
    }

    mutating func flush() throws(RecordingError) {
        var written = 0
        while written < buffer.count {
            let result = buffer.withUnsafeBytes { bytes in
                let rest = UnsafeRawBufferPointer(rebasing: bytes[written...])
                return write(descriptor, rest.baseAddress, rest.count)
            }
            if result < 0 {
                guard errno == EINTR else { throw RecordingError("write recording", path, errno: errno) }
                continue
            }
            written += result
        }
        buffer.removeAll(keepingCapacity: true)
    }

    private mutating func rotate() throws(RecordingError) {
        try flush()
        closeFile(descriptor)
        descriptor = -1
        guard rename(path, path + ".1") == 0 else { throw RecordingError("rename recording", path, errno: errno) }
        descriptor = try openFile(path, truncate: true)
        size = 0
    }

    /// Writes what is buffered and closes the file; the buffer is dropped even when the write fails.
    mutating func close() throws(RecordingError) {
        defer {
            if descriptor >= 0 { closeFile(descriptor) }
            descriptor = -1
            buffer = []
        }
        if descriptor >= 0 { try flush() }
    }
}

// At file scope, where `open` and `close` are the system's and not `RecordingFile`'s own.
private func openFile(_ path: String, truncate: Bool) throws(RecordingError) -> Int32 {
    let descriptor = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC | (truncate ? O_TRUNC : 0), 0o644)
    guard descriptor >= 0 else { throw RecordingError("open recording", path, errno: errno) }
    return descriptor
}

private func openForReading(_ path: String) -> Int32 {
    open(path, O_RDONLY | O_CLOEXEC)
}

private func closeFile(_ descriptor: Int32) {
    _ = close(descriptor)
}
