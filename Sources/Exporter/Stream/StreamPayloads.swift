// SPDX-License-Identifier: Apache-2.0
import Alerting
import NIOCore
import Pipeline

/// The `data:` of a `snapshot` event: one pair series' statistics after a bar, with the same numbers as the
/// `pairwatch_pair_*` gauges (null where the gauge has no sample).
struct SnapshotPayload: Encodable {
    let series: PairSeries
    let reading: PairReading

    enum CodingKeys: String, CodingKey {
        case pair, timeframe, time, timeMs = "time_ms", samples, hedgeRatio = "hedge_ratio", intercept, spread, zscore
        case adfStatistic = "adf_statistic", adfPValue = "adf_pvalue", cointPValue = "coint_pvalue"
        case halfLifeSeconds = "half_life_seconds", correlation
    }

    func encode(to encoder: any Encoder) throws {
        let values = reading.values
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(series.pair, forKey: .pair)
        try container.encode(series.timeframe.name, forKey: .timeframe)
        try container.encode(APIJSON.timestamp(reading.lastBarEndMs), forKey: .time)
        try container.encode(reading.lastBarEndMs, forKey: .timeMs)
        try container.encode(values.samples, forKey: .samples)
        let numbers: [(CodingKeys, Double?)] = [
            (.hedgeRatio, values.hedgeRatio), (.intercept, values.intercept), (.spread, values.spread), (.zscore, values.zScore),
            (.adfStatistic, values.adfStatistic), (.adfPValue, values.adfPValue), (.cointPValue, values.cointegrationPValue),
            (.halfLifeSeconds, values.halfLifeSeconds(series.timeframe)), (.correlation, values.correlation),
        ]
        for (key, value) in numbers { try container.encode(finite(value), forKey: key) }
    }
}

/// The `data:` of an `alert` event: one stored transition.
struct AlertPayload: Encodable {
    let event: AlertTransitionEvent

    enum CodingKeys: String, CodingKey {
        case fingerprint, alertname, labels, from, to, value, at, atMs = "at_ms"
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(event.fingerprint, forKey: .fingerprint)
        try container.encode(event.alertname, forKey: .alertname)
        try container.encode(event.labels, forKey: .labels)
        try container.encode(event.from?.rawValue ?? "inactive", forKey: .from)
        try container.encode(event.to.rawValue, forKey: .to)
        try container.encode(finite(event.value), forKey: .value)
        try container.encode(APIJSON.timestamp(event.atMs), forKey: .at)
        try container.encode(event.atMs, forKey: .atMs)
    }
}

/// JSON has no NaN or infinity: such a value is as unavailable as a missing one.
private func finite(_ value: Double?) -> Double? {
    guard let value, value.isFinite else { return nil }
    return value
}

extension StreamHub {
    /// Publishes one `snapshot` event per reading, in the order given.
    public func publishSnapshots(_ readings: [(series: PairSeries, reading: PairReading)]) {
        publish(readings.map { (kind: StreamEvent.Kind.snapshot, data: APIJSON.encode(SnapshotPayload(series: $0.series, reading: $0.reading))) })
    }

    /// Publishes one `alert` event per transition; alerting calls it after storing them.
    public func publishAlerts(_ events: [AlertTransitionEvent]) {
        publish(events.map { (kind: StreamEvent.Kind.alert, data: APIJSON.encode(AlertPayload(event: $0))) })
    }
}
