// SPDX-License-Identifier: Apache-2.0
import Alerting
import Mustache
import PairStats
import Pipeline

/// One cell of the pairs table: its text, and when the value is missing or notable, why (the `title`) and how it
/// is marked (the `class`).
struct PageCell: Sendable, Equatable {
    var text: String
    var title: String?
    var classes: String?

    static func value(_ text: String, title: String? = nil, classes: String? = nil) -> PageCell {
        PageCell(text: text, title: title, classes: classes)
    }

    static func missing(_ reason: String) -> PageCell {
        PageCell(text: PageFormat.unavailable, title: reason, classes: "na")
    }
}

/// One pair series as a row of the status page: every cell written out, so the template only lays them out.
struct PairRowView: Sendable {
    let id: String
    let pair: String
    /// The legs, so the page can let a narrow screen break the pair's name after the slash.
    let a: String
    let b: String
    let timeframe: String
    let upper: String
    let lower: String
    let timeframeSeconds: String
    let hedge: PageCell
    let zScore: PageCell
    let adf: PageCell
    let cointegration: PageCell
    let halfLife: PageCell
    let sparkline: Sparkline?

    static let noReading = "no reading yet: waiting for a bar of both legs"

    init(series: PairSeries, reading: PairReading?, band: ZScoreBand) {
        id = "s-\(series.pair)-\(series.timeframe.name)"
        pair = series.pair
        a = series.a
        b = series.b
        timeframe = series.timeframe.name
        upper = band.upper.map { "\($0)" } ?? ""
        lower = band.lower.map { "\($0)" } ?? ""
        timeframeSeconds = "\(series.timeframe.seconds)"
        guard let reading else {
            let missing = PageCell.missing(Self.noReading)
            hedge = missing
            zScore = missing
            adf = missing
            cointegration = missing
            halfLife = missing
            sparkline = nil
            return
        }
        let snapshot = reading.snapshot
        hedge = Self.cell(snapshot.hedge) { PageFormat.significant($0.slope) }
        zScore = Self.zScoreCell(snapshot.zScore, band: band)
        adf = Self.cell(snapshot.adf) { PageFormat.pValue($0.pValue) }
        cointegration = Self.cell(snapshot.cointegration) { PageFormat.pValue($0.pValue) }
        halfLife = Self.cell(snapshot.halfLifeBars, title: PageFormat.bars) {
            PageFormat.duration(seconds: $0 * series.timeframe.seconds)
        }
        sparkline = Sparkline(values: reading.recentZScores, band: band)
    }

    private static func cell<Value>(
        _ statistic: Statistic<Value>, title: (Value) -> String? = { _ in nil }, text: (Value) -> String
    ) -> PageCell {
        switch statistic {
        case .available(let value): .value(text(value), title: title(value))
        case .unavailable(let reason): .missing(reason.description)
        }
    }

    private static func zScoreCell(_ statistic: Statistic<Double>, band: ZScoreBand) -> PageCell {
        switch statistic {
        case .available(let value): .value(PageFormat.zScore(value), title: band.summary, classes: band.isPast(value) ? "hot" : nil)
        case .unavailable(let reason): .missing(reason.description)
        }
    }
}

// The template reads rows and cells by name thousands of times per page; answering by `switch` instead of through
// `Mirror` makes rendering several times faster.
extension PairRowView: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "id": id
        case "pair": pair
        case "a": a
        case "b": b
        case "timeframe": timeframe
        case "upper": upper
        case "lower": lower
        case "timeframeSeconds": timeframeSeconds
        case "hedge": hedge
        case "zScore": zScore
        case "adf": adf
        case "cointegration": cointegration
        case "halfLife": halfLife
        case "sparkline": sparkline
        default: nil
        }
    }
}

extension PageCell: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "text": text
        case "title": title
        case "classes": classes
        default: nil
        }
    }
}
