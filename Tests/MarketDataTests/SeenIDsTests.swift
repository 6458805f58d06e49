// SPDX-License-Identifier: Apache-2.0
import TestSupport
import Testing

@testable import MarketData

/// Ids in the usual order (ascending, consecutive or with gaps), then repeats and ids filling the gaps: each is new
/// exactly once.
@Test func seenIDs_whenIDsAscendWithGapsThenRepeat_reportsEachNewOnce() {
    var seen = SeenIDs()
    func inserts(_ ids: [Int64]) -> [Bool] { ids.map { seen.insert($0) } }
    #expect(inserts([1, 2, 3, 7, 8, 20]) == Array(repeating: true, count: 6))
    #expect(inserts([1, 3, 7, 8, 20, 2]) == Array(repeating: false, count: 6), "repeats")
    #expect(inserts([5, 4, 6, 19, 0, -3]) == Array(repeating: true, count: 6), "ids in the gaps")
    #expect(inserts([5, 4, 6, 19, 0, -3]) == Array(repeating: false, count: 6), "ids in the gaps, again")
    #expect(inserts([21, .max, .max, .max - 1]) == [true, true, false, true])
}

/// Against `Set<Int64>` on random streams: mostly ascending runs with jumps back, repeats and reordering.
@Test func seenIDs_whenIDsComeInAnyOrder_answersAsASetDoes() {
    var random = SplitMix64(seed: testSeed())
    for _ in 0..<200 {
        var (seen, reference) = (SeenIDs(), Set<Int64>())
        var next = Int64(random.next() % 1_000)
        for _ in 0..<500 {
            switch random.next() % 10 {
            case 0: next -= Int64(random.next() % 50)
            case 1: next += Int64(random.next() % 50)
            default: next += 1
            }
            let id = random.next() % 20 == 0 ? next - Int64(random.next() % 100) : next
            let (new, expected) = (seen.insert(id), reference.insert(id).inserted)
            #expect(new == expected, "id \(id)")
        }
    }
}
