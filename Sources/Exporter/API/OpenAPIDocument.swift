// SPDX-License-Identifier: Apache-2.0
import Hummingbird

/// `GET /api/v1/openapi.json`: the OpenAPI 3.1 document of the API, `openapi/pairwatch-api.json` in the source tree.
///
/// The handlers are written by hand rather than generated from the document (swift-openapi-generator): the upload
/// streams its body into the importer and the event stream writes as events happen, which the generated interface
/// would wrap in its own body types, and the routes share the exporter's 405 and HEAD rules. The document stays
/// the contract all the same: the test suite checks every route's answers against it with schemathesis, and that
/// the routes and the document's paths are the same set.
enum OpenAPIDocument {
    static let path = "/api/v1/openapi.json"

    static let response = Response(
        status: .ok, headers: [.contentType: "application/json"], body: ResponseBody(byteBuffer: ByteBuffer(string: text + "\n")))
}
