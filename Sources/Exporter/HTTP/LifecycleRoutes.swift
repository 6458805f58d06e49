// SPDX-License-Identifier: Apache-2.0
import Hummingbird

/// `POST /-/reload`, as Prometheus and Alertmanager have it: re-reads the configuration file when the daemon runs
/// with `--web.enable-lifecycle`, and answers 403 without it, so a process that can reach the port cannot change
/// what the daemon does unless the operator allowed it.
public struct LifecycleRoutes: Sendable {
    /// What a reload did: nil when it succeeded, else every error, one per line.
    public typealias Reload = @Sendable () async -> String?

    let enabled: Bool
    let reload: Reload

    public init(enabled: Bool, reload: @escaping Reload) {
        self.enabled = enabled
        self.reload = reload
    }

    public func add<Context: RequestContext>(to router: Router<Context>) {
        let (enabled, reload) = (enabled, reload)
        router.post("/-/reload") { _, _ -> Response in
            guard enabled else {
                return plainResponse(.forbidden, "Lifecycle API is not enabled (start pairwatch with --web.enable-lifecycle)\n")
            }
            if let errors = await reload() {
                return plainResponse(.internalServerError, "failed to reload config:\n\(errors)\n")
            }
            return plainResponse(.ok, "OK\n")
        }
    }
}

private func plainResponse(_ status: HTTPResponse.Status, _ body: String) -> Response {
    Response(status: status, headers: [.contentType: "text/plain; charset=utf-8"], body: ResponseBody(byteBuffer: ByteBuffer(string: body)))
}
