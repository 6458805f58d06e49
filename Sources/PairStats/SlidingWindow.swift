// SPDX-License-Identifier: Apache-2.0

/// The last `capacity` values of a series, kept contiguous so statistics can run over a plain buffer.
///
/// Values live in a buffer of twice the capacity; when the end is reached the live part is moved back to
/// the front, so appending costs O(1) amortised and reading needs no copy.
struct SlidingWindow: Sendable {
    let capacity: Int
    private var storage: [Double]
    private var start = 0
    private(set) var count = 0
    /// How many trailing values are equal to the latest one.
    private(set) var equalRun = 0

    init(capacity: Int) {
        self.capacity = capacity
        storage = [Double](repeating: 0, count: 2 * capacity)
    }

    /// Appends `value`, dropping the oldest one when the window is full.
    mutating func append(_ value: Double) {
        equalRun = count > 0 && storage[start + count - 1] == value ? equalRun + 1 : 1
        if count == capacity {
            start += 1
            count -= 1
        }
        if start + count == storage.count {
            for i in 0..<count { storage[i] = storage[start + i] }
            start = 0
        }
        storage[start + count] = value
        count += 1
    }

    /// Whether every value in the window is the same.
    var isConstant: Bool { equalRun >= count }

    func withBuffer<R>(_ body: (UnsafeBufferPointer<Double>) -> R) -> R {
        storage.withUnsafeBufferPointer { body(UnsafeBufferPointer(rebasing: $0[start..<(start + count)])) }
    }
}
