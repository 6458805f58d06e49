// SPDX-License-Identifier: Apache-2.0
import CSystemZlib
import NIOCore

/// Compresses a stream of chunks with the system zlib in gzip framing and passes the compressed chunks on.
///
/// Level 1 (`Z_BEST_SPEED`), as Prometheus' Go client (`promhttp`) uses: a metrics body is highly repetitive,
/// so the faster level still shrinks it about tenfold while costing far less CPU per scrape than level 6.
public final class GzipOutput: MetricsOutput {
    public struct Failure: Error, CustomStringConvertible {
        public let description: String
    }

    private let stream: UnsafeMutablePointer<z_stream>
    private let next: any MetricsOutput
    private let chunkSize: Int
    private var compressed: ByteBuffer

    public init(next: any MetricsOutput, chunkSize: Int = 64 * 1024) throws {
        self.next = next
        self.chunkSize = chunkSize
        compressed = ByteBufferAllocator().buffer(capacity: chunkSize)
        // zlib keeps a pointer back to the stream and checks it, so the stream needs a fixed address.
        stream = .allocate(capacity: 1)
        stream.initialize(to: z_stream())
        // windowBits 15 + 16 asks for the gzip header and trailer (zlib.h, deflateInit2).
        let status = deflateInit2_(stream, Z_BEST_SPEED, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size))
        guard status == Z_OK else {
            stream.deallocate()
            throw Failure(description: "gzip: deflateInit2 failed with status \(status)")
        }
    }

    deinit {
        deflateEnd(stream)
        stream.deallocate()
    }

    public func write(_ chunk: ByteBuffer) async throws {
        try await deflate(chunk, flush: Z_NO_FLUSH)
    }

    /// Writes the end of the gzip stream; the output must not be written to afterwards.
    public func finish() async throws {
        try await deflate(ByteBuffer(), flush: Z_FINISH)
        if compressed.readableBytes > 0 { try await next.write(compressed) }
        compressed.clear()
    }

    private func deflate(_ chunk: ByteBuffer, flush: Int32) async throws {
        var input = chunk
        while true {
            let (consumed, status, outputFull) = try step(input, flush: flush)
            input.moveReaderIndex(forwardBy: consumed)
            if compressed.readableBytes >= chunkSize {
                try await next.write(compressed)
                compressed.clear()
            }
            // deflate has taken all input once it returns with room left in the output; Z_FINISH ends at Z_STREAM_END.
            if flush == Z_FINISH ? status == Z_STREAM_END : (input.readableBytes == 0 && !outputFull) { return }
        }
    }

    /// One deflate call from `input` into the free space of `compressed`: bytes consumed, status, and whether
    /// the output space ran out.
    private func step(_ input: ByteBuffer, flush: Int32) throws -> (consumed: Int, status: Int32, outputFull: Bool) {
        var status = Z_OK
        var consumed = 0
        var outputFull = false
        input.withUnsafeReadableBytes { inBytes in
            stream.pointee.next_in = inBytes.baseAddress.map { UnsafeMutablePointer(mutating: $0.assumingMemoryBound(to: Bytef.self)) }
            stream.pointee.avail_in = UInt32(inBytes.count)
            compressed.writeWithUnsafeMutableBytes(minimumWritableBytes: 16 * 1024) { outBytes in
                stream.pointee.next_out = outBytes.baseAddress?.assumingMemoryBound(to: Bytef.self)
                stream.pointee.avail_out = UInt32(outBytes.count)
                status = CSystemZlib.deflate(stream, flush)
                outputFull = stream.pointee.avail_out == 0
                return outBytes.count - Int(stream.pointee.avail_out)
            }
            consumed = inBytes.count - Int(stream.pointee.avail_in)
            stream.pointee.next_in = nil
            stream.pointee.next_out = nil
        }
        // Z_BUF_ERROR only means no progress was possible this call, which the loop resolves.
        guard status == Z_OK || status == Z_STREAM_END || status == Z_BUF_ERROR else {
            throw Failure(description: "gzip: deflate failed with status \(status)")
        }
        return (consumed, status, outputFull)
    }
}
