// SPDX-License-Identifier: Apache-2.0
import CSystemd

#if canImport(Glibc)
    import Glibc
#endif

/// Where journal entries go: one entry of `KEY=value` fields per call, answering 0 or a negative errno.
public protocol JournalSink: Sendable {
    func send(_ fields: [(String, String)]) -> Int32
}

/// The systemd journal through libsystemd's `sd_journal_sendv`, the one entry point Swift can call (the variadic
/// `sd_journal_send` cannot be). Without a journal socket (`/run/systemd/journal/socket`, absent in most containers)
/// it answers `-ENOENT` and the caller falls back to its log.
public struct SystemdJournal: JournalSink {
    /// Where libsystemd sends entries; fixed in libsystemd, so not configurable here either.
    public static let socketPath = "/run/systemd/journal/socket"

    public init() {}

    public func send(_ fields: [(String, String)]) -> Int32 {
        // libsystemd answers success when the socket is missing ("fails silently if the journal is not
        // available"), which would lose the entry without a trace: look for it first.
        guard access(Self.socketPath, F_OK) == 0 else { return -ENOENT }
        // All fields in one buffer, so one set of pointers stays valid for the whole call.
        var bytes: [UInt8] = []
        var ranges: [Range<Int>] = []
        for (key, value) in fields {
            let start = bytes.count
            bytes += key.utf8
            bytes.append(UInt8(ascii: "="))
            bytes += value.utf8
            ranges.append(start..<bytes.count)
        }
        return bytes.withUnsafeMutableBytes { buffer in
            var vectors = ranges.map { range in
                iovec(iov_base: buffer.baseAddress.map { $0 + range.lowerBound }, iov_len: range.count)
            }
            return vectors.withUnsafeMutableBufferPointer { sd_journal_sendv($0.baseAddress, Int32($0.count)) }
        }
    }
}
