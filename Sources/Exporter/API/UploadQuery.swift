// SPDX-License-Identifier: Apache-2.0
import Hummingbird
import MarketData

/// The query of `POST /api/v1/trades`: `format` (auto, seed, aggtrades or trades; auto or absent detects it from the
/// first line) and `symbol`, the symbol of formats whose rows name none, as `pairwatch import --format --symbol`.
struct UploadQuery: Sendable {
    var format: TradeFileFormat?
    var symbol: String?

    init(_ request: Request) throws(APIError) {
        let parameters = request.uri.queryParameters
        if let raw = parameters["format"], raw != "auto" {
            guard let format = TradeFileFormat(rawValue: String(raw)) else {
                throw APIError.badParameter("format", expected: "auto or one of \(TradeFileFormat.knownNames)", found: String(raw))
            }
            self.format = format
        }
        if let raw = parameters["symbol"] {
            let valid = !raw.isEmpty && raw.utf8.allSatisfy { (65...90).contains($0) || (48...57).contains($0) }
            guard valid else { throw APIError.badParameter("symbol", expected: "a symbol such as BTCUSDT", found: String(raw)) }
            symbol = String(raw)
        }
    }
}
