// SPDX-License-Identifier: Apache-2.0
import Crypto
import Foundation
import TestSupport

extension RecordingReceiver.Recorded {
    /// Whether `X-Pairwatch-Signature` is `sha256=` and the hex HMAC-SHA256 of the exact body keyed with `secret`.
    func isSigned(with secret: [UInt8]) -> Bool {
        let code = HMAC<SHA256>.authenticationCode(for: body, using: SymmetricKey(data: secret))
        return headers["x-pairwatch-signature"] == "sha256=" + code.map { String(format: "%02x", $0) }.joined()
    }
}
