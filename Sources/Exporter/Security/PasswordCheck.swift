// SPDX-License-Identifier: Apache-2.0
import Crypto
import Foundation
import HummingbirdBcrypt
import NIOPosix
import Synchronization

/// Checks a basic-auth password against a bcrypt hash, remembering recent results for a short while.
///
/// bcrypt is slow on purpose (tens of milliseconds at cost 10), and Prometheus sends the same credentials on every
/// scrape, so the exporter-toolkit caches results; so does this. The key is a SHA-256 digest of user, hash and
/// password, so no password is kept in memory, and a changed hash is a new key. The cache holds a bounded number
/// of entries and forgets each after `lifetime`.
public final class PasswordCheck: Sendable {
    /// A valid bcrypt hash of a password nobody knows: an unknown user costs as much time as a known one.
    static let decoyHash = "$2b$10$QOauhQNbBCuQDKes6eFzPeMqBSjb7Mr5DUmpZ/VcEd00UAV/LDeSi"

    private let capacity: Int
    private let lifetime: Duration
    private let verify: @Sendable (String, String) -> Bool
    private let cache = Mutex<[SHA256Digest: (valid: Bool, expires: ContinuousClock.Instant)]>([:])

    public init(
        capacity: Int = 100, lifetime: Duration = .seconds(60),
        verify: @escaping @Sendable (_ password: String, _ hash: String) -> Bool = { Bcrypt.verify($0, hash: $1) }
    ) {
        self.capacity = capacity
        self.lifetime = lifetime
        self.verify = verify
    }

    /// Whether `password` is the one `hash` was made from; `hash` nil (an unknown user) is never valid. bcrypt runs on
    /// NIO's blocking thread pool, so a burst of wrong passwords cannot stall the tasks that keep the pipeline going.
    public func check(user: String, password: String, hash: String?) async throws -> Bool {
        let now = ContinuousClock.now
        let key = SHA256.hash(data: Data([user, hash ?? "", password].joined(separator: "\u{0}").utf8))
        if let known = cache.withLock({ $0[key] }), known.expires > now { return known.valid }
        // CBcrypt knows $2a$ and $2b$; Apache's htpasswd writes $2y$, the same algorithm under PHP's name.
        let stored = hash.map { $0.hasPrefix("$2y$") ? "$2b$" + $0.dropFirst(4) : $0 } ?? Self.decoyHash
        let verify = verify
        let valid = try await NIOThreadPool.singleton.runIfActive { verify(password, stored) } && hash != nil
        cache.withLock { cache in
            if cache.count >= capacity {
                cache = cache.filter { $0.value.expires > now }
                if cache.count >= capacity, let any = cache.keys.randomElement() { cache[any] = nil }
            }
            cache[key] = (valid, now.advanced(by: lifetime))
        }
        return valid
    }
}
