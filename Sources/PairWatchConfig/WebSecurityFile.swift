// SPDX-License-Identifier: Apache-2.0
import Synchronization

/// The web config file, read again whenever it changes on disk, as the exporter-toolkit reads it on every
/// handshake and request: a rotated certificate or a new user applies to the next connection without a restart.
///
/// Each call compares the file's signature with the one last parsed, so an unchanged file is not parsed again. A
/// changed file that does not parse keeps the last good configuration in force and is reported once.
public final class WebSecurityFile: Sendable {
    public let path: String
    private let onError: @Sendable (ConfigError) -> Void
    private let state: Mutex<State>

    private struct State {
        var config: WebSecurityConfig
        /// The signature of the version last read, good or bad, so a bad file is reported once, not per request.
        var signature: FileSignature?
    }

    /// Reads the file once; a bad file here is a startup error.
    public init(path: String, onError: @escaping @Sendable (ConfigError) -> Void) throws(ConfigError) {
        self.path = path
        self.onError = onError
        let signature = FileSignature(path: path)
        let config = try WebSecurityConfig.load(path: path)
        state = Mutex(State(config: config, signature: signature))
    }

    /// The configuration in force: the file as it is now, or the last good version when the file is broken.
    public var current: WebSecurityConfig {
        let signature = FileSignature(path: path)
        let (config, failure) = state.withLock { state -> (WebSecurityConfig, ConfigError?) in
            guard signature != state.signature else { return (state.config, nil) }
            state.signature = signature
            do throws(ConfigError) {
                state.config = try WebSecurityConfig.load(path: path)
                return (state.config, nil)
            } catch {
                return (state.config, error)
            }
        }
        if let failure { onError(failure) }
        return config
    }
}
