// SPDX-License-Identifier: Apache-2.0

/// A frame or REST body the Binance decoder cannot read: `byte OFFSET: expected …, found …`.
///
/// The offset counts bytes from 0 at the start of the frame, and points at the value or token that is wrong (for a
/// missing field: at the object that lacks it).
public struct BinanceDecodeError: Error, Sendable, Equatable, CustomStringConvertible {
    public let offset: Int
    public let message: String

    public init(offset: Int, message: String) {
        self.offset = offset
        self.message = message
    }

    public var description: String { "byte \(offset): \(message)" }
}
