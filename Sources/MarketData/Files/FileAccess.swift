// SPDX-License-Identifier: Apache-2.0
import Foundation

/// Opening files and creating folders with failures as `FileAccessError`: the one place that turns the system's
/// answer into the words every command prints.
public enum FileAccess {
    /// Throws unless `path` exists, is not a folder, and this process may read it.
    ///
    /// Asks `stat(2)` and `faccessat(2)` with the effective ids rather than opening the file: opening a named pipe
    /// and closing it again could leave its writer without a reader. `open(2)` would accept a folder, and only the
    /// first read would fail, so a folder is refused here.
    public static func checkReadable(_ path: String) throws(FileAccessError) {
        var status = stat()
        guard stat(path, &status) == 0 else { throw .reading(path, errno: errno) }
        if status.st_mode & S_IFMT == S_IFDIR { throw .reading(path, errno: EISDIR) }
        guard faccessat(AT_FDCWD, path, R_OK, AT_EACCESS) == 0 else { throw .reading(path, errno: errno) }
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
