// SPDX-License-Identifier: Apache-2.0
import Hummingbird

/// The `/metrics` response: format from `Accept`, gzip from `Accept-Encoding`, and a body streamed from the
/// registry in bounded chunks while it is written, so a 3 MB scrape never sits in memory at once.
enum MetricsResponse {
    static func make(registry: MetricsRegistry, request: Request) -> Response {
        let format = ExpositionFormat.negotiate(accept: request.headers[.accept])
        let gzip = ExpositionFormat.acceptsGzip(request.headers[.acceptEncoding])
        var headers: HTTPFields = [.contentType: format.contentType, .vary: "Accept, Accept-Encoding"]
        if gzip { headers[.contentEncoding] = "gzip" }
        let body = ResponseBody { writer in
            let output = ResponseBodyOutput(writer)
            if gzip {
                let compressor = try GzipOutput(next: output)
                try await registry.write(format, to: compressor)
                try await compressor.finish()
            } else {
                try await registry.write(format, to: output)
            }
            writer = output.writer
            try await writer.finish(nil)
        }
        return Response(status: .ok, headers: headers, body: body)
    }
}

/// Hands chunks to Hummingbird's response writer.
final class ResponseBodyOutput: MetricsOutput {
    var writer: any ResponseBodyWriter

    init(_ writer: any ResponseBodyWriter) {
        self.writer = writer
    }

    func write(_ chunk: ByteBuffer) async throws {
        try await writer.write(chunk)
    }
}
