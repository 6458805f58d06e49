// SPDX-License-Identifier: Apache-2.0
import Alerting
import NIOCore
import Pipeline

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
        publish(readings.map { (kind: StreamEvent.Kind.snapshot, data: Self.snapshotData($0.series, $0.reading)) })
    }

    /// The `data:` of a `snapshot` event: one pair series' statistics after a bar, with the same numbers as the
    /// `pairwatch_pair_*` gauges (`null` where the gauge has no sample), keys sorted. Written directly: a thousand a
    /// second at 1s bars, where `JSONEncoder` made the daemon's scrapes half as slow again at p99
    /// (`scripts/bench_monitor.sh`: 32.9 ms, against 21.9 ms without the stream).
    static func snapshotData(_ series: PairSeries, _ reading: PairReading) -> ByteBuffer {
        let values = reading.values
        var json = JSONWriter(capacity: 512)
        json.beginObject()
        for (key, value): (StaticString, Double?) in [
            ("adf_pvalue", values.adfPValue), ("adf_statistic", values.adfStatistic), ("coint_pvalue", values.cointegrationPValue),
            ("correlation", values.correlation), ("half_life_seconds", values.halfLifeSeconds(series.timeframe)),
            ("hedge_ratio", values.hedgeRatio), ("intercept", values.intercept),
        ] {
            json.key(key)
            json.number(value)
        }
        json.key("pair")
        json.string(series.pair)
        json.key("samples")
        json.number(values.samples)
        json.key("spread")
        json.number(values.spread)
        json.key("time")
        json.string(APIJSON.timestamp(reading.lastBarEndMs))
        json.key("time_ms")
        json.number(reading.lastBarEndMs)
        json.key("timeframe")
        json.string(series.timeframe.name)
        json.key("zscore")
        json.number(values.zScore)
        json.endObject()
        return json.buffer
    }

    /// Publishes one `alert` event per transition; alerting calls it after storing them.
    public func publishAlerts(_ events: [AlertTransitionEvent]) {
        publish(events.map { (kind: StreamEvent.Kind.alert, data: APIJSON.encode(AlertPayload(event: $0))) })
    }
}
