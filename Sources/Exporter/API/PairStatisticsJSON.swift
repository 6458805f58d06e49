// SPDX-License-Identifier: Apache-2.0
import PairStats
import Pipeline

/// One pair series' statistics after one bar, as the API writes them: every statistic a number or `null`, with the
/// reason for each `null` under `unavailable`, so a program never mistakes "not computable" for a value. `time` is
/// the end of the latest bar in the window (when the numbers became known, as `pairwatch_pair_last_update_timestamp_seconds`).
struct PairStatisticsJSON: Encodable {
    var time: String
    var timeMs: Int64
    var samples: Int
    var hedgeRatio, intercept, spread, zscore: Double?
    var adfStatistic, adfPValue, cointPValue: Double?
    var halfLifeBars, halfLifeSeconds, correlation: Double?
    var unavailable: [String: String]

    init(_ snapshot: PairSnapshot, barEndMs: Int64, barSeconds: Double) {
        time = APIJSON.timestamp(barEndMs)
        timeMs = barEndMs
        samples = snapshot.samples
        var unavailable: [String: String] = [:]
        func take<T>(_ statistic: Statistic<T>, _ names: String...) -> T? {
            if let reason = statistic.reason { for name in names { unavailable[name] = reason.description } }
            return statistic.value
        }
        let hedge = take(snapshot.hedge, "hedge_ratio", "intercept")
        hedgeRatio = hedge.map(\.slope)
        intercept = hedge.map(\.intercept)
        spread = take(snapshot.spread, "spread")
        zscore = take(snapshot.zScore, "zscore")
        let adf = take(snapshot.adf, "adf_statistic", "adf_pvalue")
        adfStatistic = adf.map(\.statistic)
        adfPValue = adf.map(\.pValue)
        cointPValue = take(snapshot.cointegration, "coint_pvalue")?.pValue
        halfLifeBars = take(snapshot.halfLifeBars, "half_life_bars", "half_life_seconds")
        halfLifeSeconds = halfLifeBars.map { $0 * barSeconds }
        correlation = take(snapshot.correlation, "correlation")
        self.unavailable = unavailable
    }

    enum CodingKeys: String, CodingKey {
        case time, timeMs = "time_ms", samples, hedgeRatio = "hedge_ratio", intercept, spread, zscore
        case adfStatistic = "adf_statistic", adfPValue = "adf_pvalue", cointPValue = "coint_pvalue"
        case halfLifeBars = "half_life_bars", halfLifeSeconds = "half_life_seconds", correlation, unavailable
    }

    /// Written by hand so an unavailable statistic is an explicit `null` (the synthesized encoder leaves the key
    /// out) and a non-finite number, which JSON cannot hold, is `null` too.
    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(time, forKey: .time)
        try container.encode(timeMs, forKey: .timeMs)
        try container.encode(samples, forKey: .samples)
        for (key, value) in [
            (CodingKeys.hedgeRatio, hedgeRatio), (.intercept, intercept), (.spread, spread), (.zscore, zscore), (.adfStatistic, adfStatistic),
            (.adfPValue, adfPValue), (.cointPValue, cointPValue), (.halfLifeBars, halfLifeBars), (.halfLifeSeconds, halfLifeSeconds),
            (.correlation, correlation),
        ] {
            try container.encode(value.flatMap { $0.isFinite ? $0 : nil }, forKey: key)
        }
        try container.encode(unavailable, forKey: .unavailable)
    }
}
