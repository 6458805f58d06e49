// SPDX-License-Identifier: Apache-2.0
import Hummingbird

/// Binance's public futures REST endpoints the feed uses: `aggTrades` (with weight, history cut and REST
/// faults), `ping` and `time`.
struct RESTRoutes: Sendable {
    static let aggTradesWeight = 20
    // `HTTPFields.Element` is HTTPTypes' `HTTPField`, which Hummingbird does not re-export by name.
    static let usedWeightHeader = HTTPFields.Element.Name("x-mbx-used-weight-1m")!

    let tape: TradeTape
    let faults: FaultBoard
    let usage: RESTUsage
    let restHistory: Int?

    func add(to router: Router<BasicRequestContext>) {
        router.get("/fapi/v1/ping") { _, _ in light("{}") }
        router.get("/fapi/v1/time") { _, _ in light("{\"serverTime\":\(nowMs())}") }
        router.get("/fapi/v1/aggTrades") { request, _ in await aggTrades(request) }
    }

    private func light(_ body: String) -> Response {
        guard let used = usage.spend(1) else { return overLimit() }
        return jsonResponse(.ok, body, headers: [Self.usedWeightHeader: String(used)])
    }

    private func aggTrades(_ request: Request) async -> Response {
        guard let used = usage.spend(Self.aggTradesWeight) else {
            usage.noteCall(trades: 0)
            return overLimit()
        }
        let headers: HTTPFields = [Self.usedWeightHeader: String(used)]
        if let fault = faults.takeRESTFault() {
            if case .restSlow(let delay) = fault {
                try? await Task.sleep(for: delay)
            } else if let response = faultResponse(fault, headers: headers) {
                usage.noteCall(trades: 0)
                return response
            }
        }
        let parameters = request.uri.queryParameters
        switch AggTradesQuery.parse(symbols: tape.symbols, parameter: { parameters[Substring($0)].map(String.init) }) {
        case .failure(let error):
            usage.noteCall(trades: 0)
            return jsonResponse(.init(code: error.status), error.body, headers: headers)
        case .success(let query):
            let trades = select(query)
            usage.noteCall(trades: trades.count)
            let items = tape.format(of: query.symbol).map { format in trades.map(format.restItem) } ?? []
            return jsonResponse(.ok, "[" + items.joined(separator: ",") + "]", headers: headers)
        }
    }

    private func select(_ query: AggTradesQuery) -> [MockTrade] {
        switch query.selection {
        case .fromID(let id):
            tape.trades(symbol: query.symbol, fromID: id, limit: query.limit, retained: restHistory)
        case .window(let start, let end):
            tape.trades(symbol: query.symbol, startMs: start, endMs: end, limit: query.limit, retained: restHistory)
        case .latest:
            tape.latest(symbol: query.symbol, limit: query.limit, retained: restHistory)
        }
    }

    private func faultResponse(_ fault: MockFault, headers: HTTPFields) -> Response? {
        var headers = headers
        switch fault {
        case .restTooManyRequests(let seconds):
            headers[.retryAfter] = String(seconds)
            let error = BinanceError(
                status: 429, code: -1003, message: "Too many requests; please use the websocket for live updates to avoid polling the API.")
            return jsonResponse(.tooManyRequests, error.body, headers: headers)
        case .restBanned(let seconds):
            headers[.retryAfter] = String(seconds)
            let error = BinanceError(status: 418, code: -1003, message: "Way too many requests; IP banned until \(nowMs() + Int64(seconds) * 1_000).")
            return jsonResponse(.init(code: 418), error.body, headers: headers)
        case .restServerError(let status):
            let error = BinanceError(status: status, code: -1000, message: "An unknown error occurred while processing the request.")
            return jsonResponse(.init(code: status), error.body, headers: headers)
        default:
            return nil
        }
    }

    /// The answer once the minute's weight is spent: 429 until the next minute.
    private func overLimit() -> Response {
        let seconds = 60 - (usage.nowMs % 60_000) / 1_000
        let error = BinanceError(
            status: 429, code: -1003, message: "Too many requests; current limit of IP is \(usage.weightPerMinute) requests per minute.")
        return jsonResponse(
            .tooManyRequests, error.body, headers: [.retryAfter: String(seconds), Self.usedWeightHeader: String(usage.usedWeight)])
    }
}

func jsonResponse(_ status: HTTPResponse.Status, _ body: String, headers: HTTPFields = [:]) -> Response {
    var headers = headers
    headers[.contentType] = "application/json"
    return Response(status: status, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(string: body)))
}
