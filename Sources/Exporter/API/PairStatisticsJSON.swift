// SPDX-License-Identifier: Apache-2.0
import PairStats
import Pipeline

/// One pair series' statistics after one bar, as the API writes them: every statistic a number or `null`, with the
/// reason for each `null` under `unavailable`, so a program never mistakes "not computable" for a value (a number
/// that is not finite, which JSON cannot hold, is `null` too). `time` is
/// the end of the latest bar in the window (when the numbers became known, as `pairwatch_pair_last_update_timestamp_seconds`).
struct PairStatisticsJSON {
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

    /// Writes the statistics as one JSON object.
    func write(to json: inout JSONWriter) {
        json.beginObject()
        json.key("time")
        json.string(time)
        json.key("time_ms")
        json.number(timeMs)
        json.key("samples")
        json.number(samples)
        for (key, value): (StaticString, Double?) in [
            ("hedge_ratio", hedgeRatio), ("intercept", intercept), ("spread", spread), ("zscore", zscore), ("adf_statistic", adfStatistic),
            ("adf_pvalue", adfPValue), ("coint_pvalue", cointPValue), ("half_life_bars", halfLifeBars), ("half_life_seconds", halfLifeSeconds),
            ("correlation", correlation),
        ] {
            json.key(key)
            json.number(value)
        }
        json.key("unavailable")
        json.beginObject()
        for (name, reason) in unavailable.sorted(by: { $0.key < $1.key }) {
            json.key(name)
            json.string(reason)
        }
        json.endObject()
        json.endObject()
    }
}
