// SPDX-License-Identifier: Apache-2.0
import Logging
import NIOSSL
import PairWatchConfig
import Synchronization

/// The TLS context for each new connection, built from the web config file as it is at that moment, the way the
/// exporter-toolkit builds a `tls.Config` per handshake: a replaced certificate, key or client CA, or a changed
/// `min_version`, applies to the next handshake without a restart.
///
/// A context is rebuilt only when the settings or the signature of one of their files changed. When the new
/// files do not load (a certificate written before its key, say), handshakes go on with the last good context
/// and the failure is logged once.
public final class TLSContextSource: Sendable {
    /// A context with how its handshakes treat client certificates.
    public struct Entry: Sendable {
        public let context: NIOSSLContext
        /// Whether client certificates are accepted unverified (`RequestClientCert`, `RequireAnyClientCert`).
        public let acceptsAnyClientCertificate: Bool
    }

    private struct Key: Equatable {
        var settings: TLSServerConfig
        var signatures: [FileSignature?]
    }

    private struct State {
        var key: Key
        var entry: Entry
        var failedKey: Key?
    }

    private let file: WebSecurityFile
    private let logger: Logger
    private let state: Mutex<State>

    /// Builds the first context; a file without `tls_server_config` or with files that do not load is an error.
    public init(file: WebSecurityFile, logger: Logger) throws {
        guard let settings = file.current.tls else { throw WebSecurityError.noTLS(file: file.path) }
        let key = Self.key(settings)
        let entry = try Self.entry(settings, file: file.path)
        self.file = file
        self.logger = logger
        state = Mutex(State(key: key, entry: entry))
    }

    /// The context for a handshake starting now.
    public var current: Entry {
        guard let settings = file.current.tls else {
            return state.withLock { state in
                let key = state.key
                logFailure(WebSecurityError.noTLS(file: file.path), state: &state, key: key)
                return state.entry
            }
        }
        let key = Self.key(settings)
        return state.withLock { state in
            guard key != state.key else { return state.entry }
            do {
                state.entry = try Self.entry(settings, file: file.path)
                state.key = key
                state.failedKey = nil
                logger.info("tls settings reloaded", metadata: ["file": "\(file.path)"])
            } catch {
                logFailure(error, state: &state, key: key)
            }
            return state.entry
        }
    }

    private func logFailure(_ error: any Error, state: inout State, key: Key) {
        guard state.failedKey != key else { return }
        state.failedKey = key
        logger.error("tls settings not reloaded, keeping the last good ones", metadata: ["file": "\(file.path)", "error": "\(error)"])
    }

    private static func key(_ settings: TLSServerConfig) -> Key {
        Key(settings: settings, signatures: [settings.certFile, settings.keyFile, settings.clientCAFile].map { $0.flatMap(FileSignature.init(path:)) })
    }

    static func entry(_ settings: TLSServerConfig, file: String) throws -> Entry {
        let chain: [NIOSSLCertificate]
        let key: NIOSSLPrivateKey
        do {
            chain = try NIOSSLCertificate.fromPEMFile(settings.certFile)
            key = try NIOSSLPrivateKey(file: settings.keyFile, format: .pem)
        } catch {
            throw WebSecurityError.load(file: file, what: "tls_server_config cert_file \(settings.certFile) or key_file \(settings.keyFile)", error)
        }
        var configuration = TLSConfiguration.makeServerConfiguration(certificateChain: chain.map { .certificate($0) }, privateKey: .privateKey(key))
        configuration.minimumTLSVersion = settings.minVersion.nio
        configuration.maximumTLSVersion = settings.maxVersion.nio
        configuration.certificateVerification = switch settings.clientAuth {
        case .noClientCert: .none
        case .requestClientCert, .verifyClientCertIfGiven: .optionalVerification
        case .requireAnyClientCert, .requireAndVerifyClientCert: .noHostnameVerification
        }
        if let path = settings.clientCAFile {
            do {
                configuration.trustRoots = .certificates(try NIOSSLCertificate.fromPEMFile(path))
            } catch {
                throw WebSecurityError.load(file: file, what: "tls_server_config client_ca_file \(path)", error)
            }
            configuration.sendCANameList = true
        }
        let context: NIOSSLContext
        do {
            context = try NIOSSLContext(configuration: configuration)
        } catch {
            throw WebSecurityError.load(file: file, what: "tls_server_config", error)
        }
        let acceptsAny = settings.clientAuth == .requestClientCert || settings.clientAuth == .requireAnyClientCert
        return Entry(context: context, acceptsAnyClientCertificate: acceptsAny)
    }
}

extension TLSServerConfig.Version {
    var nio: TLSVersion {
        switch self {
        case .tls10: .tlsv1
        case .tls11: .tlsv11
        case .tls12: .tlsv12
        case .tls13: .tlsv13
        }
    }
}
