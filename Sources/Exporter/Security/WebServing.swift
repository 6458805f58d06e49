// SPDX-License-Identifier: Apache-2.0
import Hummingbird
import HummingbirdCore
import Logging
import NIOCore
import PairWatchConfig

/// How the HTTP server meets its clients: TLS and basic auth from the web config file, CORS origins and the
/// request timeouts from `configuration.web`.
public struct WebServing: Sendable {
    /// The `--web.config.file`, consulted on every handshake and request; nil serves plain HTTP without passwords.
    public var securityFile: WebSecurityFile?
    public var corsOrigins: CORSOrigins
    public var readHeaderTimeout: Duration
    public var readTimeout: Duration
    public var idleTimeout: Duration
    public var passwords: PasswordCheck

    public init(
        securityFile: WebSecurityFile? = nil, corsOrigins: CORSOrigins = CORSOrigins(), readHeaderTimeout: Duration = .seconds(10),
        readTimeout: Duration = .seconds(300), idleTimeout: Duration = .seconds(60), passwords: PasswordCheck = PasswordCheck()
    ) {
        self.securityFile = securityFile
        self.corsOrigins = corsOrigins
        self.readHeaderTimeout = readHeaderTimeout
        self.readTimeout = readTimeout
        self.idleTimeout = idleTimeout
        self.passwords = passwords
    }

    /// CORS first, so preflights need no password; then basic auth in front of every route.
    func addMiddleware<Context: RequestContext>(to router: Router<Context>) {
        router.add(middleware: CORSMiddleware(origins: corsOrigins))
        if let securityFile { router.add(middleware: BasicAuthMiddleware(file: securityFile, passwords: passwords)) }
    }

    /// HTTP/1.1 with the timeouts, wrapped in TLS when the web config file has `tls_server_config`.
    func serverBuilder(logger: Logger) throws -> HTTPServerBuilder {
        let (header, read) = (TimeAmount(readHeaderTimeout), TimeAmount(readTimeout))
        let configuration = HTTP1Channel.Configuration(
            additionalChannelHandlers: [RequestReadTimeoutHandler(headerTimeout: header, readTimeout: read)], idleTimeout: TimeAmount(idleTimeout))
        let tls: TLSContextSource? =
            if let securityFile, securityFile.current.tls != nil { try TLSContextSource(file: securityFile, logger: logger) } else { nil }
        return HTTPServerBuilder { responder in
            let http = AnnouncingChannel(base: HTTP1Channel(responder: responder, configuration: configuration))
            guard let tls else { return http }
            return ReloadingTLSChannel(base: http, source: tls)
        }
    }

    /// Whether the server speaks TLS, for the URLs the daemon logs.
    public var usesTLS: Bool { securityFile?.current.tls != nil }
}
