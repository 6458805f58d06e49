// SPDX-License-Identifier: Apache-2.0
import CSystemZlib
import NIOCore

struct GunzipError: Error, CustomStringConvertible {
    let description: String
}

/// The decompressed text of a whole gzip body (zlib's inflate with windowBits 15 + 16: gzip framing only).
func gunzip(_ body: ByteBuffer) throws -> String {
    var stream = z_stream()
    guard inflateInit2_(&stream, 15 + 16, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size)) == Z_OK else {
        throw GunzipError(description: "gunzip: inflateInit2 failed")
    }
    defer { inflateEnd(&stream) }
    var input = Array(body.readableBytesView)
    var output: [UInt8] = []
    var chunk = [UInt8](repeating: 0, count: 64 * 1024)
    var status = Z_OK
    try input.withUnsafeMutableBufferPointer { inBytes in
        stream.next_in = inBytes.baseAddress
        stream.avail_in = UInt32(inBytes.count)
        while status != Z_STREAM_END {
            status = chunk.withUnsafeMutableBufferPointer { outBytes in
                stream.next_out = outBytes.baseAddress
                stream.avail_out = UInt32(outBytes.count)
                return inflate(&stream, Z_NO_FLUSH)
            }
            guard status == Z_OK || status == Z_STREAM_END else { throw GunzipError(description: "gunzip: inflate failed with status \(status)") }
            output += chunk[0..<(chunk.count - Int(stream.avail_out))]
        }
    }
    guard stream.avail_in == 0 else { throw GunzipError(description: "gunzip: \(stream.avail_in) bytes after the end of the stream") }
    return String(decoding: output, as: UTF8.self)
}
