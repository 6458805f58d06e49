// SPDX-License-Identifier: Apache-2.0
import Foundation

extension Duration {
    /// A retry delay as a log line shows it, `0.44s` (the default `0.4383042265673689 seconds` reads badly).
    var retryText: String {
        let (seconds, attoseconds) = components
        return String(format: "%.2fs", Double(seconds) + Double(attoseconds) / 1e18)
    }
}
