// SPDX-License-Identifier: Apache-2.0
import Exporter
import PairWatchConfig

extension Daemon {
    /// TLS and basic auth from `--web.config.file`, CORS and the timeouts from `web:`. A web config file that does not
    /// parse stops the start with its located errors; one that breaks later is logged and the last good one kept.
    func webServing() throws -> WebServing {
        let logger = logger
        let file = try settings.webConfigFile.map { path throws(ConfigError) in
            try WebSecurityFile(path: path) { error in
                logger.error("web config file not reloaded, keeping the last good one", metadata: ["file": "\(path)", "error": "\(error)"])
            }
        }
        let web = configuration.web
        return WebServing(
            securityFile: file, corsOrigins: CORSOrigins(web.corsOrigins), readHeaderTimeout: web.readHeaderTimeout.duration,
            readTimeout: web.readTimeout.duration, idleTimeout: web.idleTimeout.duration)
    }
}
