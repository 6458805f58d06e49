// SPDX-License-Identifier: Apache-2.0
import Dispatch

/// Storage work that waits for the disk (commits, retention deletes, uploads) runs on a serial queue of its own rather than on
/// Swift's cooperative pool, which has one thread per core: a blocked pool thread is one the pair engines and the HTTP
/// server cannot use (measured with 1,000 pairs on 2 cores: scrapes waited behind commits and retention sweeps).
extension DispatchQueue {
    /// Runs `body` on this queue and returns its result.
    package func perform<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            async { continuation.resume(with: Result(catching: body)) }
        }
    }
}
