// SPDX-License-Identifier: Apache-2.0
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// What tells a changed file from an unchanged one without reading it: its size, modification time and inode
/// (a file replaced by a rename, as certificate tools do, gets a new inode even within the same second).
public struct FileSignature: Sendable, Hashable {
    public let size: Int64
    public let modifiedNanoseconds: Int64
    public let inode: UInt64

    /// The signature of the file at `path`, or nil when it cannot be examined.
    public init?(path: String) {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        size = Int64(info.st_size)
        inode = UInt64(info.st_ino)
        #if canImport(Darwin)
        modifiedNanoseconds = Int64(info.st_mtimespec.tv_sec) * 1_000_000_000 + Int64(info.st_mtimespec.tv_nsec)
        #else
        modifiedNanoseconds = Int64(info.st_mtim.tv_sec) * 1_000_000_000 + Int64(info.st_mtim.tv_nsec)
        #endif
    }
}
