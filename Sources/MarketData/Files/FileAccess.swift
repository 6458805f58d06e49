// SPDX-License-Identifier: Apache-2.0
import Foundation

/// Opening files and creating folders with failures as `FileAccessError`: the one place that turns the system's
/// answer into the words every command prints.
public enum FileAccess {
    /// Throws unless `path` is a regular file (or a device, fifo or socket) this process can open for reading.
    ///
    /// Opens the file rather than asking `access(2)`, so the answer is the one a read would get; a folder is
    /// refused here, since `open(2)` accepts one and only the first read would fail.
    public static func checkReadable(_ path: String) throws(FileAccessError) {
        let descriptor = open(path, O_RDONLY)
        guard descriptor >= 0 else { throw .reading(path, errno: errno) }
        defer { close(descriptor) }
        var status = stat()
        if fstat(descriptor, &status) == 0, status.st_mode & S_IFMT == S_IFDIR { throw .reading(path, errno: EISDIR) }
    }

    /// The whole file as UTF-8 text.
    public static func readText(_ path: String) throws(FileAccessError) -> String {
        try checkReadable(path)
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw .reading(path, error)
        }
        guard let text = String(data: data, encoding: .utf8) else { throw .notText(path) }
        return text
    }

    /// Creates the folder `path` and any missing folders above it; nothing happens when it exists.
    public static func createFolder(_ path: String) throws(FileAccessError) {
        do {
            try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        } catch {
            throw .creating(path, error)
        }
    }
}
