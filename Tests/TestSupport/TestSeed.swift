// SPDX-License-Identifier: Apache-2.0
import Foundation

/// The seed of a randomised test: `PAIRWATCH_TEST_SEED` when set, so a failure replays, otherwise a fresh one.
/// Printed either way, so a failing run names the seed that made it fail.
public func testSeed(_ test: String = #function) -> UInt64 {
    let seed = ProcessInfo.processInfo.environment["PAIRWATCH_TEST_SEED"].flatMap { UInt64($0) } ?? UInt64.random(in: .min ... .max)
    print("\(test): seed \(seed) (PAIRWATCH_TEST_SEED=\(seed) replays it)")
    return seed
}
