// SPDX-License-Identifier: Apache-2.0
import Foundation

/// A file or folder that cannot be read or created, said as a person would: `/tmp: is a directory`,
/// `cannot create /srv/db: permission denied`, instead of Foundation's `NSCocoaErrorDomain Code=256 …`.
///
/// Every command and the storage share it, so the same condition reads the same wherever a path is opened.
public struct FileAccessError: Error, Sendable, Equatable, CustomStringConvertible {
    private enum Code: Equatable {
        case read
        case create
    }

    private let code: Code
    /// The path that could not be read or created.
    public let path: String
    /// What is wrong, in plain words and without the path: `no such file`, `is a directory`.
    public let reason: String

    public var description: String {
        switch code {
        case .read: "\(path): \(reason)"
        case .create: "cannot create \(path): \(reason)"
        }
    }

    /// `path` could not be opened or read; `errno` is the POSIX error number.
    public static func reading(_ path: String, errno: Int32) -> FileAccessError {
        FileAccessError(code: .read, path: path, reason: words(errno, path: path, creating: false))
    }

    /// `path` could not be opened or read, for the reason a Foundation or POSIX error gives.
    public static func reading(_ path: String, _ error: any Error) -> FileAccessError {
        if let error = error as? FileAccessError { return error }
        let reason = posixCode(of: error).map { words($0, path: path, creating: false) } ?? "cannot be read"
        return FileAccessError(code: .read, path: path, reason: reason)
    }

    /// The text is not UTF-8, so it is not the text file expected.
    public static func notText(_ path: String) -> FileAccessError {
        FileAccessError(code: .read, path: path, reason: "not UTF-8 text")
    }

    /// The folder `path` could not be created, for the reason a Foundation or POSIX error gives.
    public static func creating(_ path: String, _ error: any Error) -> FileAccessError {
        if let error = error as? FileAccessError { return error }
        let reason = posixCode(of: error).map { words($0, path: path, creating: true) } ?? "failed"
        return FileAccessError(code: .create, path: path, reason: reason)
    }

    /// Plain words for the errno values a user can cause or fix; others as the C library spells them, lowercased.
    static func words(_ code: Int32, path: String, creating: Bool) -> String {
        switch code {
        case ENOENT: return creating ? "no such directory" : "no such file"
        case EISDIR: return "is a directory"
        case ENOTDIR: return nonDirectory(above: path).map { "\($0) is a file, not a directory" } ?? "a part of the path is not a directory"
        case EACCES, EPERM: return "permission denied"
        case EEXIST: return "a file of that name exists"
        case EROFS: return "read-only file system"
        case ENOSPC: return "no space left on the device"
        case ENAMETOOLONG: return "name too long"
        case ELOOP: return "too many levels of symbolic links"
        default: return String(cString: strerror(code)).lowercased()
        }
    }

    /// The POSIX error number behind an error, wherever Foundation put it: the error itself, its underlying
    /// error, or for the few Cocoa codes that carry none, the number they stand for.
    static func posixCode(of error: any Error) -> Int32? {
        if let posix = error as? POSIXError { return posix.code.rawValue }
        let error = error as NSError
        if error.domain == NSPOSIXErrorDomain { return Int32(error.code) }
        // On Linux the underlying error may be a Swift error that does not cast to NSError from `Any`.
        if let underlying = error.userInfo[NSUnderlyingErrorKey] as? any Error, let code = posixCode(of: underlying) { return code }
        guard error.domain == NSCocoaErrorDomain else { return nil }
        switch CocoaError.Code(rawValue: error.code) {
        case .fileNoSuchFile, .fileReadNoSuchFile: return ENOENT
        case .fileReadNoPermission, .fileWriteNoPermission: return EACCES
        case .fileWriteFileExists: return EEXIST
        case .fileWriteVolumeReadOnly: return EROFS
        case .fileWriteOutOfSpace: return ENOSPC
        default: return nil
        }
    }

    /// The nearest existing ancestor of `path` when it is not a folder: the file that stands where one is needed.
    private static func nonDirectory(above path: String) -> String? {
        var current = URL(fileURLWithPath: path).standardizedFileURL
        while current.path != "/" {
            current = current.deletingLastPathComponent()
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: current.path, isDirectory: &isDirectory) {
                return isDirectory.boolValue ? nil : current.path
            }
        }
        return nil
    }
}
