// SPDX-License-Identifier: Apache-2.0
@testable import PairStats
import Testing

@Suite struct MedianTests {
    /// Quickselect against sorting, over odd and even counts with many ties and signs.
    @Test(arguments: [1, 2, 3, 4, 7, 10, 101, 500])
    func median_whenComparedWithSorting_agrees(count: Int) {
        var state: UInt64 = 42 &+ UInt64(count)
        for _ in 0..<50 {
            let values: [Double] = (0..<count).map { _ in
                state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
                return Double(Int(state >> 59)) - 16
            }
            let sorted = values.map(abs).sorted()
            let expected = count % 2 == 1 ? sorted[count / 2] : (sorted[count / 2 - 1] + sorted[count / 2]) / 2
            var scratch: [Double] = []
            let median = values.withUnsafeBufferPointer { Median.ofAbsoluteValues($0, scratch: &scratch) }
            #expect(median == expected)
        }
    }
}
