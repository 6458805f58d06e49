// SPDX-License-Identifier: Apache-2.0
import Foundation
import Hummingbird

/// The `/mock` control API, for the `binance-mock` executable's users (the soak script): state, faults,
/// generator control and manual generation.
struct ControlRoutes: Sendable {
    let exchange: MockExchange

    func add(to router: Router<BasicRequestContext>) {
        router.get("/mock/state") { _, _ in state() }
        router.post("/mock/faults") { request, _ in await injectFaults(request) }
        router.post("/mock/pause") { _, _ in done { exchange.pause() } }
        router.post("/mock/resume") { _, _ in done { exchange.resume() } }
        router.post("/mock/stop") { _, _ in done { exchange.stopGenerating() } }
        router.post("/mock/generate") { request, _ in
            let parameters = request.uri.queryParameters
            let count = parameters["count"].flatMap { Int($0) } ?? 1
            return done { exchange.generate(count, symbol: parameters["symbol"].map(String.init)) }
        }
    }

    private func done(_ action: () -> Void) -> Response {
        action()
        return jsonResponse(.ok, "{}")
    }

    private func state() -> Response {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        guard let data = try? encoder.encode(exchange.state) else { return jsonResponse(.internalServerError, "{}") }
        return jsonResponse(.ok, String(decoding: data, as: UTF8.self))
    }

    private func injectFaults(_ request: Request) async -> Response {
        let body = (try? await request.body.collect(upTo: 1 << 16)).map { Data(buffer: $0) } ?? Data()
        let parameters = request.uri.queryParameters
        let parsed = FaultRequest.parse(body: body) { parameters[Substring($0)].map(String.init) }
        switch parsed {
        case .failure(let error):
            return jsonResponse(.badRequest, "{\"error\":\"\(error.description)\"}")
        case .success(let requests):
            for request in requests {
                for _ in 0..<request.count { exchange.inject(request.fault, connection: request.connection) }
            }
            return jsonResponse(.ok, "{\"injected\":\(requests.reduce(0) { $0 + $1.count })}")
        }
    }
}
