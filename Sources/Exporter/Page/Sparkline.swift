// SPDX-License-Identifier: Apache-2.0
import Alerting
import Mustache

/// The inline SVG line of a series' recent z-scores, with the no-alert band behind it.
///
/// The vertical scale spans the values and the band together, so a line inside the band is a calm series and one
/// that leaves it is past a threshold, whatever the row. Coordinates are whole units of a 120 × 30 box (one step of
/// x per value): the path of 60 values stays near 300 bytes, which matters on a page of thousands of rows.
struct Sparkline: Sendable, Equatable {
    static let width = 120
    static let height = 30
    /// Room at the top and bottom so the stroke is not cut.
    static let margin = 2

    /// The `d` of the line: a move to the first value of each unbroken run, then line-tos (SVG repeats the `L`
    /// for further pairs); a missing z-score breaks the line.
    let path: String
    /// The band's top and height, when the band has both sides.
    let bandY: Int?
    let bandHeight: Int?
    let count: Int

    /// Nil when there is no value to draw.
    init?(values: [Double?], band: ZScoreBand) {
        let present = values.compactMap { $0 }
        guard let low = present.min(), let high = present.max() else { return nil }
        let bottom = min(low, band.lower ?? low)
        let top = max(high, band.upper ?? high)
        let span = top - bottom
        let usable = Double(Self.height - 2 * Self.margin)
        func y(_ value: Double) -> Int {
            // A flat line sits in the middle.
            guard span > 0 else { return Self.height / 2 }
            return Self.margin + Int(((top - value) / span * usable).rounded())
        }
        let step = values.count > 1 ? Double(Self.width) / Double(values.count - 1) : 0
        var runs: [[String]] = [[]]
        for (index, value) in values.enumerated() {
            guard let value else {
                if !(runs.last?.isEmpty ?? true) { runs.append([]) }
                continue
            }
            runs[runs.count - 1].append("\(Int((Double(index) * step).rounded())) \(y(value))")
        }
        path = runs.filter { !$0.isEmpty }.map { run in
            "M" + run[0] + (run.count > 1 ? "L" + run.dropFirst().joined(separator: " ") : "")
        }.joined(separator: " ")
        if let lower = band.lower, let upper = band.upper {
            bandY = y(upper)
            bandHeight = y(lower) - y(upper)
        } else {
            bandY = nil
            bandHeight = nil
        }
        count = present.count
    }
}

extension Sparkline: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "path": path
        case "bandY": bandY
        case "bandHeight": bandHeight
        case "count": count
        default: nil
        }
    }
}
