// SPDX-License-Identifier: Apache-2.0
import Testing

@testable import Alerting
@testable import Exporter

private let band = ZScoreBand(upper: 2, lower: -2)

@Test func sparkline_whenGivenKnownValues_drawsThePathWorkedOutByHand() throws {
    // x steps 120 / 4 = 30; the scale spans the band [-2, 2] over y 2...28: y = 2 + round((2 - z) / 4 * 26).
    let line = try #require(Sparkline(values: [0, 1, nil, -1, 2], band: band))
    #expect(line.path == "M0 15L30 9 M90 22L120 2")
    #expect(line.bandY == 2 && line.bandHeight == 26)
    #expect(line.count == 4)
}

@Test func sparkline_whenValuesLeaveTheBand_widensTheScaleToKeepThem() throws {
    // The scale spans [-2, 4]: the band's top (2) sits a third of the way down.
    let line = try #require(Sparkline(values: [4, -2], band: band))
    #expect(line.path == "M0 2L120 28")
    #expect(line.bandY == 11 && line.bandHeight == 17)
}

@Test func sparkline_whenNothingIsAvailable_isNil() {
    #expect(Sparkline(values: [nil, nil], band: band) == nil)
    #expect(Sparkline(values: [], band: band) == nil)
}

@Test func sparkline_whenOneSidedOrFlat_drawsNoBandOrAMiddleLine() throws {
    let oneSided = try #require(Sparkline(values: [1, 1], band: ZScoreBand(upper: 3, lower: nil)))
    #expect(oneSided.bandY == nil && oneSided.bandHeight == nil)
    #expect(oneSided.path == "M0 28L120 28")
    let flat = try #require(Sparkline(values: [0.5, 0.5, 0.5], band: ZScoreBand(upper: nil, lower: nil)))
    #expect(flat.path == "M0 15L60 15 120 15")
}
