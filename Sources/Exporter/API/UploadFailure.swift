// SPDX-License-Identifier: Apache-2.0
import MarketData
import Pipeline

/// Turns what stopped an upload's import into the API's answer: 400 for the upload's own fault (a bad row with its
/// line and column, a format or symbol that cannot be told), 408 when the client stopped sending, 503 when storing
/// failed.
enum UploadFailure {
    static func apiError(_ error: any Error) -> APIError {
        switch error {
        case let error as TradeCSVError:
            return APIError(.badRequest, error.description, detail: rowDetail(error))
        case let error as ImportError:
            return APIError(.badRequest, error.description, detail: error.option.map { ["parameter": .string($0)] } ?? [:])
        case let error as TradeByteStream.Failure where error.description == TradeByteStream.Failure.stalled.description:
            return APIError(.requestTimeout, "the upload stalled: \(error); nothing was stored")
        case let error as TradeByteStream.Failure:
            return APIError(.badRequest, "\(error); nothing was stored")
        default:
            return APIError(.serviceUnavailable, "cannot store the upload: \(error)")
        }
    }

    /// `line`, `column`, and the row error split into `expected` and `found` where it has that shape
    /// (`expected a price above 0, found "abc"`), so a program need not parse the sentence.
    static func rowDetail(_ error: TradeCSVError) -> [String: APIError.Value] {
        var detail: [String: APIError.Value] = ["line": .int(Int64(error.line)), "column": .int(Int64(error.column))]
        var message = Substring(error.message)
        guard message.hasPrefix("expected ") else {
            detail["expected"] = .string(String(message))
            return detail
        }
        message = message.dropFirst("expected ".count)
        if let found = message.range(of: ", found ") {
            detail["found"] = .string(String(message[found.upperBound...]))
            message = message[..<found.lowerBound]
        }
        detail["expected"] = .string(String(message))
        return detail
    }
}
