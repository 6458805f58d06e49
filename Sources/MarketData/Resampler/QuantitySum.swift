// SPDX-License-Identifier: Apache-2.0

/// An exact sum of trade quantities, counted in steps of 10⁻⁸ (the finest quantity step Binance uses) and rounded to
/// a `Double` once, when read: a bar's volume.
///
/// A floating-point running sum depends in its last bits on the order of its terms, and a bar's trades come in
/// whatever order they are delivered: a backfilled trade after newer ones, a replay otherwise than the live run that
/// recorded it, a rebuild from storage in index order. Summed in integer steps the volume is the same every way, and
/// it is the decimal sum Binance's own klines show (0.459, where adding the doubles gave 0.4590000000000001).
public struct QuantitySum: Sendable, Equatable {
    private var steps: Int128 = 0

    public init() {}

    public mutating func add(_ quantity: Double) {
        steps &+= Int128(Self.steps(quantity))
    }

    public var value: Double { Double(steps) / Self.stepsPerUnit }

    private static var stepsPerUnit: Double { 100_000_000 }

    /// A quantity in steps, to the nearest; beyond 92 billion (no real trade) clamped rather than trapping.
    static func steps(_ quantity: Double) -> Int64 {
        Int64(exactly: (quantity * stepsPerUnit).rounded()) ?? (quantity > 0 ? .max : .min)
    }
}
